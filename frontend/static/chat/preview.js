/**
 * The preview panel: GenIR's generated picture of what the shopper asked for, with live progress
 * (`preview.progress`, `preview.ready`). Until the server sends those it says plainly that previews are not
 * available; it never shows a stand-in image.
 */
import { el } from "./dom.js";

export class PreviewPanel {
  /** @param {HTMLElement} body */
  constructor(body) {
    this.body = body;
    this.turn = null;
  }

  reset() {
    this.turn = null;
    this.body.replaceChildren(el("p", { class: "preview-empty", text: "Previews are not available yet." }));
  }

  /** `{turn, preview_id, step, steps}` (docs/websocket-api.md). */
  showProgress(message) {
    if (this.turn !== null && message.turn < this.turn) return;
    this.turn = message.turn;
    const fraction = message.steps > 0 ? message.step / message.steps : 0;
    const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    this.body.replaceChildren(
      el("p", { class: "preview-status", text: `Drawing a preview for turn ${message.turn}… ${percent}%` }),
      el("progress", { max: 100, value: percent, "aria-label": "Preview progress" }),
    );
  }

  /** `{turn, preview_id, image_url}`: the generated picture, labelled as generated, not a catalog photo. */
  showReady(message) {
    if (this.turn !== null && message.turn < this.turn) return;
    this.turn = message.turn;
    if (!message.image_url) return;
    this.body.replaceChildren(el("figure", { class: "preview-figure" }, [
      el("img", { src: message.image_url, alt: `Generated preview of what you asked for in turn ${message.turn}` }),
      el("figcaption", { text: "Generated preview, not a catalog product" }),
    ]));
  }
}
