/**
 * The conversation pane: one block per turn (what the shopper sent, the assistant's streamed answer, the product
 * cards, any error), built the same way for live turns and for turns restored by `conversation.resume`.
 */
import { productCard } from "./cards.js";
import { el, icon } from "./dom.js";

const prefersReducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const SCROLL_MARGIN_PX = 8;

/** The reference product of a turn; `product` is undefined when this page never showed it (only the sku is known). */
function referenceLine(sku, product) {
  const name = product ? product.title : `product ${sku}`;
  return el("p", { class: "message-reference" }, [
    product?.image_url ? el("img", { src: product.image_url, alt: "", width: 24, height: 32 }) : null,
    el("span", { text: `Based on: ${name}` }),
  ]);
}

function count(number, singular, plural) {
  return `${number} ${number === 1 ? singular : plural}`;
}

/** One line above the cards that agrees with the assistant's count of exact matches. */
function resultsSummary(shown, totalMatches) {
  if (shown === 0) return "No products match this yet. Try fewer details or other words.";
  if (totalMatches === null) return count(shown, "product", "products");
  if (totalMatches === 0) return `No exact match; ${count(shown, "close product", "close products")}`;
  if (totalMatches > shown) return `The best ${shown} of ${count(totalMatches, "match", "matches")}`;
  if (totalMatches < shown) {
    const close = count(shown - totalMatches, "close one", "close ones");
    return `${count(totalMatches, "exact match", "exact matches")}, then ${close}`;
  }
  return count(shown, "match", "matches");
}

class TurnBlock {
  constructor({ text, imageUrl, referenceSku, referenceProduct }) {
    this.number = null;
    this.clientRef = null;
    this.user = el("div", { class: "message message-user" }, [
      el("p", { class: "message-label visually-hidden", text: "You said:" }),
      imageUrl ? el("img", { class: "message-photo", src: imageUrl, alt: "Your photo" }) : null,
      text ? el("p", { class: "bubble", text }) : null,
      referenceSku ? referenceLine(referenceSku, referenceProduct) : null,
    ]);
    this.assistantText = el("p", { class: "assistant-text", hidden: true });
    this.working = el("p", { class: "working" }, [
      el("span", { class: "working-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
      el("span", { text: "Searching the catalog…" }),
    ]);
    this.results = el("div", { class: "results", hidden: true });
    this.notices = el("div", { class: "turn-notices" });
    this.assistant = el("div", { class: "message message-assistant" }, [
      el("p", { class: "message-label visually-hidden", text: "Assistant:" }),
      this.assistantText, this.working, this.results, this.notices,
    ]);
    this.element = el("section", { class: "turn", "aria-label": "Turn" }, [this.user, this.assistant]);
  }

  setNumber(number) {
    this.number = number;
    this.element.dataset.turn = String(number);
    this.element.setAttribute("aria-label", `Turn ${number}`);
  }

  stopWorking() {
    this.working.hidden = true;
  }
}

export class ConversationView {
  /**
   * @param {HTMLElement} log  the scrolling role="log" element
   * @param {HTMLElement} welcome  shown while the conversation is empty
   * @param {import("./cards.js").CardActions} cardActions
   * @param {(text: string) => void} announce  a short line for screen readers
   */
  constructor(log, welcome, cardActions, announce) {
    this.log = log;
    this.welcome = welcome;
    this.cardActions = cardActions;
    this.announce = announce;
    this.blocks = new Map();
    this.pending = [];
    this.products = new Map();
  }

  clear() {
    for (const block of this.blocks.values()) block.element.remove();
    for (const block of this.pending) block.element.remove();
    for (const notice of this.log.querySelectorAll(":scope > .notice")) notice.remove();
    this.blocks.clear();
    this.pending = [];
    this.products.clear();
    this.welcome.hidden = false;
  }

  /**
   * What the shopper just sent, shown at once; it gets its number when the server accepts it.
   * @param {string} clientRef  echoed by `turn.accepted`, so the right block gets the number
   */
  addPendingTurn({ text, imageUrl, referenceSku, clientRef }) {
    const block = new TurnBlock({ text, imageUrl, referenceSku, referenceProduct: this.products.get(referenceSku) });
    block.clientRef = clientRef;
    this.pending.push(block);
    this.append(block.element);
    this.reveal(block.user, "end");
    return block;
  }

  /**
   * Numbers a pending turn. Results can overtake `turn.accepted` (a worker answering within milliseconds), so a
   * number may already be known; turns are answered in the order they were sent, so otherwise the oldest pending
   * block is the one (or the one whose client_ref the server echoed).
   */
  accept(turnNumber, clientRef = null) {
    if (this.blocks.has(turnNumber)) return;
    const byRef = clientRef === null ? -1 : this.pending.findIndex((pending) => pending.clientRef === clientRef);
    const block = (byRef >= 0 ? this.pending.splice(byRef, 1)[0] : this.pending.shift()) ?? new TurnBlock({});
    block.setNumber(turnNumber);
    this.blocks.set(turnNumber, block);
    if (!block.element.isConnected) this.append(block.element);
  }

  /** A turn block by number; results can come for a turn this tab did not send (another tab, a resume race). */
  block(turnNumber) {
    if (!this.blocks.has(turnNumber)) this.accept(turnNumber);
    return this.blocks.get(turnNumber);
  }

  showResults(turnNumber, products, totalMatches) {
    const block = this.block(turnNumber);
    const following = this.isFollowing();
    this.fillResults(block, products, totalMatches);
    block.stopWorking();
    this.announce(products.length
      ? `${products.length} products shown for turn ${turnNumber}.`
      : `No products found for turn ${turnNumber}.`);
    if (following) this.reveal(block.element, "start");
  }

  /** @param {number|null} totalMatches  products matching every detail; null when unknown (a resumed turn) */
  fillResults(block, products, totalMatches) {
    for (const product of products) this.products.set(product.sku, product);
    const grid = el("ul", { class: "product-grid", "aria-label": `Products for turn ${block.number}` },
      products.map((product, index) => productCard(block.number, product, index + 1, this.cardActions)));
    const summary = el("p", { class: "results-summary", text: resultsSummary(products.length, totalMatches) });
    block.results.replaceChildren(summary, grid);
    block.results.hidden = false;
  }

  appendAssistant(turnNumber, delta, done) {
    const block = this.block(turnNumber);
    const following = this.isFollowing();
    block.assistantText.hidden = false;
    block.assistantText.setAttribute("aria-busy", String(!done));
    if (delta) block.assistantText.append(delta);
    if (following && block.results.hidden) this.log.scrollTop = this.log.scrollHeight;
  }

  /** An `error` from the server: shown in its turn (or at the end of the log), the conversation goes on. */
  showError(turnNumber, message) {
    const notice = el("p", { class: "notice notice-error" }, [icon("alert"), el("span", { text: message })]);
    let block = null;
    if (turnNumber !== null && turnNumber !== undefined) block = this.block(turnNumber);
    else if (this.pending.length) block = this.pending.shift();
    if (block) {
      block.stopWorking();
      block.notices.append(notice);
    } else {
      this.append(notice);
    }
    this.reveal(notice, "nearest");
  }

  showNotice(message) {
    this.append(el("p", { class: "notice", text: message }));
  }

  /**
   * One turn from `conversation.turns` (a resume): same blocks as live ones, without the streaming.
   * @param {boolean} latest  an unanswered latest turn may still be running; an earlier one never got an answer
   */
  renderStoredTurn(stored, latest) {
    const block = new TurnBlock({
      text: stored.text,
      imageUrl: stored.image_url,
      referenceSku: stored.reference_sku,
      referenceProduct: this.products.get(stored.reference_sku),
    });
    block.setNumber(stored.turn);
    this.blocks.set(stored.turn, block);
    this.append(block.element);
    if (stored.assistant) {
      block.assistantText.hidden = false;
      block.assistantText.textContent = stored.assistant;
    }
    const products = Array.isArray(stored.products) ? stored.products : [];
    if (products.length || stored.assistant) {
      this.fillResults(block, products, stored.total_matches ?? null);
      block.stopWorking();
    } else if (!latest) {
      block.stopWorking();
      block.notices.append(el("p", { class: "notice", text: "This turn got no answer." }));
    }
  }

  /** After a resume: the latest turn at the top of the pane, where the shopper left off. */
  showLatestTurn() {
    const latest = [...this.blocks.values()].at(-1);
    if (latest) this.reveal(latest.element, "start", "auto");
  }

  append(node) {
    this.welcome.hidden = true;
    this.log.append(node);
  }

  isFollowing() {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 160;
  }

  /**
   * Scrolls the log alone (element.scrollIntoView would also scroll the page around it).
   * @param {"start"|"end"|"nearest"} align
   */
  reveal(element, align, behavior = prefersReducedMotion.matches ? "auto" : "smooth") {
    const view = this.log.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    const toStart = box.top - view.top - SCROLL_MARGIN_PX;
    const toEnd = box.bottom - view.bottom + SCROLL_MARGIN_PX;
    let delta = 0;
    if (align === "start") delta = toStart;
    else if (align === "end") delta = toEnd;
    else if (toStart < 0) delta = toStart;
    else if (toEnd > 0) delta = Math.min(toEnd, toStart);
    if (delta !== 0) this.log.scrollBy({ top: delta, behavior });
  }
}
