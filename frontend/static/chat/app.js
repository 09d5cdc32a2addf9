/**
 * The chat page: wires the websocket, the conversation pane, the composer and the preview panel together.
 *
 * Each server message type has one handler below. A conversation is (re)established on every `session.ready`:
 * resumed with the id and token kept in localStorage, or started new, so reloads and reconnects lose nothing.
 */
import { Composer } from "./composer.js";
import { ConversationView } from "./conversation.js";
import { PreviewPanel } from "./preview.js";
import { ChatSocket, PROTOCOL_VERSION, chatSocketUrl } from "./socket.js";
import { forgetConversation, loadConversation, saveConversation } from "./storage.js";

const MORE_LIKE_THIS_TEXT = "More like this";

class ChatApp {
  constructor() {
    this.statusLine = document.getElementById("connection-status");
    this.announcer = document.getElementById("announcer");
    this.conversation = new ConversationView(
      document.getElementById("conversation-log"),
      document.getElementById("welcome"),
      {
        moreLikeThis: (product) => this.moreLikeThis(product),
        likeThisBut: (product) => this.composer.setReference(product),
        feedback: (turn, product, value) => this.sendFeedback(turn, product, value),
      },
      (text) => this.announce(text),
    );
    this.composer = new Composer({
      form: document.getElementById("composer"),
      dropZone: document.querySelector(".conversation"),
      onSubmit: (turn) => this.sendTurn(turn),
    });
    this.preview = new PreviewPanel(document.getElementById("preview-body"), {
      searchWith: (preview) => this.searchWithPreview(preview),
      feedback: (turn, previewId, value) => this.sendPreviewFeedback(turn, previewId, value),
    });
    this.socket = new ChatSocket({
      url: chatSocketUrl(window.location),
      onMessage: (message) => this.handle(message),
      onState: (state, retryInMs) => this.connectionChanged(state, retryInMs),
    });
    /** True once the server has given this socket a conversation; turns are only sent then. */
    this.ready = false;
    /** "resume" while a resume is in flight: an error then means the saved conversation is gone. */
    this.awaiting = null;
    /** Numbers the client_ref of each turn this page sends. */
    this.sentTurns = 0;

    document.getElementById("new-conversation").addEventListener("click", () => this.newConversation());
    for (const button of document.querySelectorAll("[data-suggestion]")) {
      button.addEventListener("click", () => this.sendSuggestion(button.dataset.suggestion));
    }
  }

  start() {
    this.socket.connect();
  }

  handle(message) {
    switch (message.type) {
      case "session.ready": return this.sessionReady(message);
      case "conversation": return this.conversationOpened(message);
      case "turn.accepted": return this.conversation.accept(message.turn, message.client_ref ?? null);
      case "results":
        return this.conversation.showResults(message.turn, message.products ?? [], message.total_matches ?? null);
      case "assistant.message":
        return this.conversation.appendAssistant(message.turn, message.delta ?? "", Boolean(message.done));
      case "feedback.accepted": return this.announce("Thanks, your feedback is noted.");
      case "preview.progress": return this.preview.showProgress(message);
      case "preview.ready": return this.preview.showReady(message);
      case "preview.unavailable": return this.preview.showUnavailable(message);
      case "error": return this.serverError(message);
      default: return console.warn("Ignoring an unknown server message", message.type);
    }
  }

  sessionReady(message) {
    if (message.version !== PROTOCOL_VERSION) {
      this.conversation.showNotice("The assistant has been updated. Please reload the page to keep chatting.");
    }
    const saved = loadConversation();
    if (saved) {
      this.awaiting = "resume";
      this.socket.send({ type: "conversation.resume", conversation_id: saved.conversation_id, token: saved.token });
    } else {
      this.awaiting = "new";
      this.socket.send({ type: "conversation.new" });
    }
  }

  conversationOpened(message) {
    const restored = this.awaiting === "resume";
    this.awaiting = null;
    saveConversation(message.conversation_id, message.token);
    this.conversation.clear();
    this.preview.reset();
    const turns = Array.isArray(message.turns) ? message.turns : [];
    turns.forEach((turn, index) => this.conversation.renderStoredTurn(turn, index === turns.length - 1));
    const latest = turns[turns.length - 1];
    if (latest?.preview) this.preview.showReady({ turn: latest.turn, ...latest.preview });
    this.conversation.showLatestTurn();
    this.ready = true;
    this.connectionChanged("ready");
    if (restored && turns.length) {
      this.announce(`Conversation restored, ${turns.length} ${turns.length === 1 ? "turn" : "turns"}.`);
    }
  }

  serverError(message) {
    if (this.awaiting === "resume") {
      forgetConversation();
      this.conversation.clear();
      this.conversation.showNotice("Your previous conversation could not be restored, so a new one has started.");
      this.awaiting = "new";
      this.socket.send({ type: "conversation.new" });
      return;
    }
    const text = message.message ? `Sorry — ${message.message}` : "Sorry — something went wrong with that.";
    this.conversation.showError(message.turn ?? null, text);
  }

  /** @returns {boolean} whether the turn went out; the composer keeps the shopper's input when it did not */
  sendTurn({ text, imageId, imageUrl, referenceSku }) {
    if (!this.ready) return false;
    this.sentTurns += 1;
    const clientRef = `turn-${this.sentTurns}`;
    const message = {
      type: "turn", text, image_id: imageId, reference_sku: referenceSku, client_ref: clientRef, preview: true,
    };
    const sent = this.socket.send(message);
    if (sent) this.conversation.addPendingTurn({ text, imageUrl, referenceSku, clientRef });
    return sent;
  }

  moreLikeThis(product) {
    const sent = this.sendTurn({ text: MORE_LIKE_THIS_TEXT, imageId: null, imageUrl: null, referenceSku: product.sku });
    if (!sent) this.composer.showError("We are reconnecting to the assistant. Please try again in a moment.");
  }

  sendSuggestion(text) {
    if (this.sendTurn({ text, imageId: null, imageUrl: null, referenceSku: null })) return;
    this.composer.textarea.value = text;
    this.composer.focus();
  }

  sendFeedback(turn, product, value) {
    return this.ready && this.socket.send({ type: "feedback", turn, sku: product.sku, value });
  }

  searchWithPreview(preview) {
    const sent = this.sendTurn({ text: "", imageId: preview.image_id, imageUrl: preview.image_url, referenceSku: null });
    if (!sent) this.composer.showError("We are reconnecting to the assistant. Please try again in a moment.");
    return sent;
  }

  sendPreviewFeedback(turn, previewId, value) {
    return this.ready && this.socket.send({ type: "feedback", turn, preview_id: previewId, value });
  }

  newConversation() {
    this.composer.clearReference();
    this.composer.clearError();
    if (this.ready) {
      this.awaiting = "new";
      this.socket.send({ type: "conversation.new" });
    } else {
      forgetConversation();
      this.conversation.clear();
      this.preview.reset();
    }
    this.announce("New conversation started.");
    this.composer.focus();
  }

  connectionChanged(state, retryInMs) {
    if (state !== "ready") this.ready = false;
    const text = {
      connecting: "Connecting…",
      open: "Connecting…",
      ready: "Connected",
      reconnecting: `Connection lost, retrying in ${Math.ceil((retryInMs ?? 0) / 1000)} s…`,
    }[state];
    this.statusLine.dataset.state = state;
    this.statusLine.querySelector(".connection-text").textContent = text;
  }

  announce(text) {
    // Clearing first makes screen readers announce a repeated sentence again.
    this.announcer.textContent = "";
    window.setTimeout(() => { this.announcer.textContent = text; }, 50);
  }
}

new ChatApp().start();
