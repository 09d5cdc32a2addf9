/**
 * The preview panel: GenIR's generated picture of what the shopper asked for, with live progress
 * (`preview.progress`, then `preview.ready` or `preview.unavailable`; docs/websocket-api.md). Only the newest turn's
 * preview is shown: messages about an older turn never replace a newer one. A ready preview can steer the search
 * ("Search with this picture" sends it as the turn's photo) and takes a like or dislike.
 */
import { el, icon } from "./dom.js";

const EMPTY_TEXT = "Describe what you are looking for and a generated preview will appear here.";

export class PreviewPanel {
  /**
   * @param {HTMLElement} body
   * @param {object} actions
   * @param {(preview: {image_id: string, image_url: string}) => boolean} actions.searchWith  sends a turn with it
   * @param {(turn: number, previewId: string, value: "like"|"dislike") => boolean} actions.feedback
   */
  constructor(body, actions) {
    this.body = body;
    this.actions = actions;
    this.turn = null;
  }

  reset() {
    this.turn = null;
    this.body.replaceChildren(el("p", { class: "preview-empty", text: EMPTY_TEXT }));
  }

  /** True when the message belongs to the newest turn seen so far (and makes that turn the current one). */
  isCurrent(message) {
    if (this.turn !== null && message.turn < this.turn) return false;
    this.turn = message.turn;
    return true;
  }

  /** `{turn, preview_id, step, steps}`. */
  showProgress(message) {
    if (!this.isCurrent(message)) return;
    const fraction = message.steps > 0 ? message.step / message.steps : 0;
    const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    this.body.replaceChildren(
      el("p", { class: "preview-status", text: `Drawing a preview for turn ${message.turn}… ${percent}%` }),
      el("progress", { max: 100, value: percent, "aria-label": "Preview progress" }),
    );
  }

  /** `{turn, preview_id, image_url, image_id}` (and `feedback` when restored from the history). */
  showReady(message) {
    if (!this.isCurrent(message) || !message.image_url) return;
    const search = el("button", { type: "button", class: "btn btn-small", "data-action": "search-with-preview" },
      [icon("more"), el("span", { text: "Search with this picture" })]);
    search.addEventListener("click", () => this.actions.searchWith(message));
    const feedback = el("div", { class: "feedback", role: "group", "aria-label": "Is this preview what you meant?" });
    feedback.append(
      this.feedbackButton(message, "like", "This preview looks right", feedback),
      this.feedbackButton(message, "dislike", "This preview looks wrong", feedback),
    );
    this.body.replaceChildren(
      el("figure", { class: "preview-figure" }, [
        el("img", { src: message.image_url, alt: `Generated preview of what you asked for in turn ${message.turn}` }),
        el("figcaption", { text: "Generated preview, not a catalog product" }),
      ]),
      el("div", { class: "preview-actions" }, [search, feedback]),
    );
  }

  /** `{turn, preview_id, code, message}`: said plainly, never replaced by a stand-in picture. */
  showUnavailable(message) {
    if (!this.isCurrent(message)) return;
    this.body.replaceChildren(el("p", { class: "preview-empty", role: "status",
      text: message.message || "No preview could be drawn for this turn." }));
  }

  feedbackButton(message, value, label, group) {
    const button = el("button", {
      type: "button",
      class: `btn btn-icon btn-feedback btn-${value}`,
      "aria-pressed": String(message.feedback === value),
      "aria-label": label,
      title: label,
      "data-feedback": value,
    }, [icon(value)]);
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-pressed") === "true") return;
      if (!this.actions.feedback(message.turn, message.preview_id, value)) return;
      for (const other of group.querySelectorAll("[data-feedback]")) {
        other.setAttribute("aria-pressed", String(other === button));
      }
    });
    return button;
  }
}
