/**
 * The composer: the text box, the pending photo (button, drag-and-drop or paste; uploaded at once so sending is
 * quick) and the reference product that "Like this but…" puts in front of the shopper's words.
 */
import { el, icon } from "./dom.js";
import { uploadImage } from "./uploads.js";

const DEFAULT_PLACEHOLDER = "What are you looking for?";
const REFERENCE_PLACEHOLDER = "What should change? e.g. “in red”";
const TEXTAREA_MAX_HEIGHT_PX = 160;

function imageFileFrom(dataTransfer) {
  if (!dataTransfer) return null;
  return [...dataTransfer.files].find((file) => file.type.startsWith("image/")) ?? null;
}

/** @typedef {{text: string, imageId: string|null, imageUrl: string|null, referenceSku: string|null}} OutgoingTurn */

export class Composer {
  /**
   * @param {object} options
   * @param {HTMLFormElement} options.form
   * @param {HTMLElement} options.dropZone  where a dragged photo may be dropped
   * @param {(turn: OutgoingTurn) => boolean} options.onSubmit
   *        sends the turn; false when it could not be sent (the composer then keeps everything)
   */
  constructor({ form, dropZone, onSubmit }) {
    this.form = form;
    this.textarea = form.querySelector("#message-input");
    this.fileInput = form.querySelector("#photo-input");
    this.attachments = form.querySelector("#composer-attachments");
    this.referenceSlot = form.querySelector("#reference-slot");
    this.photoSlot = form.querySelector("#photo-slot");
    this.errorLine = form.querySelector("#composer-error");
    this.dropOverlay = dropZone.querySelector("#drop-overlay");
    this.onSubmit = onSubmit;
    this.photo = null;
    this.reference = null;
    this.submitting = false;

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      } else if (event.key === "Escape" && this.reference) {
        this.clearReference();
      }
    });
    this.textarea.addEventListener("input", () => this.fitTextarea());
    form.querySelector("#attach-photo").addEventListener("click", () => this.fileInput.click());
    this.fileInput.addEventListener("change", () => {
      const file = this.fileInput.files[0];
      this.fileInput.value = "";
      if (file) this.setPhoto(file);
    });
    document.addEventListener("paste", (event) => {
      const file = imageFileFrom(event.clipboardData);
      if (!file) return;
      event.preventDefault();
      this.setPhoto(file);
    });
    this.listenForDrops(dropZone);
  }

  listenForDrops(zone) {
    let depth = 0;
    const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
    zone.addEventListener("dragenter", (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth += 1;
      this.dropOverlay.hidden = false;
    });
    zone.addEventListener("dragover", (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    });
    zone.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) this.dropOverlay.hidden = true;
    });
    zone.addEventListener("drop", (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      this.dropOverlay.hidden = true;
      const file = imageFileFrom(event.dataTransfer);
      if (file) this.setPhoto(file);
      else this.showError("That file is not a photo. Please drop a JPEG, PNG or WebP image.");
    });
  }

  focus() {
    this.textarea.focus();
  }

  fitTextarea() {
    this.textarea.style.height = "auto";
    this.textarea.style.height = `${Math.min(this.textarea.scrollHeight, TEXTAREA_MAX_HEIGHT_PX)}px`;
  }

  showError(message) {
    this.errorLine.textContent = message;
    this.errorLine.hidden = false;
  }

  clearError() {
    this.errorLine.hidden = true;
    this.errorLine.textContent = "";
  }

  /** Starts uploading at once and shows a removable thumbnail; a new photo replaces the pending one. */
  setPhoto(file) {
    this.clearError();
    if (!file.type.startsWith("image/")) {
      this.showError("That file is not a photo. Please choose a JPEG, PNG or WebP image.");
      return;
    }
    this.removePhoto();
    const controller = new AbortController();
    const objectUrl = URL.createObjectURL(file);
    const status = el("span", { class: "attachment-status", text: "Uploading…" });
    const remove = el("button", {
      type: "button", class: "btn btn-icon btn-remove", "aria-label": "Remove the photo", title: "Remove the photo",
    }, [icon("close")]);
    remove.addEventListener("click", () => {
      this.removePhoto();
      this.focus();
    });
    const element = el("figure", { class: "attachment attachment-photo", "data-state": "uploading" }, [
      el("img", { src: objectUrl, alt: `Photo to send: ${file.name || "pasted image"}` }),
      el("figcaption", {}, [status]),
      remove,
    ]);
    const upload = uploadImage(file, controller.signal);
    const photo = { controller, objectUrl, element, upload };
    upload.then(
      () => {
        element.dataset.state = "ready";
        status.textContent = "Photo ready";
      },
      (error) => {
        if (this.photo !== photo) return;
        this.removePhoto();
        if (error.name !== "AbortError") this.showError(error.message);
      },
    );
    this.photo = photo;
    this.photoSlot.replaceChildren(element);
    this.updateAttachments();
  }

  removePhoto() {
    if (!this.photo) return;
    this.photo.controller.abort();
    URL.revokeObjectURL(this.photo.objectUrl);
    this.photo = null;
    this.photoSlot.replaceChildren();
    this.updateAttachments();
  }

  /** "Like this but…": the product goes in front of the text box and the shopper types the change. */
  setReference(product) {
    this.reference = product;
    const remove = el("button", {
      type: "button", class: "btn btn-icon btn-remove", "aria-label": `Remove the reference: ${product.title}`,
      title: "Remove the reference",
    }, [icon("close")]);
    remove.addEventListener("click", () => {
      this.clearReference();
      this.focus();
    });
    this.referenceSlot.replaceChildren(el("div", { class: "attachment reference-chip", "data-sku": product.sku }, [
      product.image_url ? el("img", { src: product.image_url, alt: "" }) : null,
      el("span", { class: "reference-text" }, ["Like ", el("strong", { text: product.title }), ", but…"]),
      remove,
    ]));
    this.textarea.placeholder = REFERENCE_PLACEHOLDER;
    this.updateAttachments();
    this.focus();
  }

  clearReference() {
    this.reference = null;
    this.referenceSlot.replaceChildren();
    this.textarea.placeholder = DEFAULT_PLACEHOLDER;
    this.updateAttachments();
  }

  updateAttachments() {
    this.attachments.hidden = !this.photo && !this.reference;
  }

  async submit() {
    if (this.submitting) return;
    const text = this.textarea.value.trim();
    if (!text && !this.photo && !this.reference) {
      this.showError("Type what you are looking for, or add a photo.");
      this.focus();
      return;
    }
    this.clearError();
    this.submitting = true;
    try {
      let image = null;
      if (this.photo) {
        try {
          image = await this.photo.upload;
        } catch {
          return; // the upload handler has already explained what went wrong
        }
      }
      const sent = this.onSubmit({
        text,
        imageId: image?.image_id ?? null,
        imageUrl: image?.url ?? null,
        referenceSku: this.reference?.sku ?? null,
      });
      if (!sent) {
        this.showError("We are reconnecting to the assistant. Your message is still here; send it again in a moment.");
        return;
      }
      this.textarea.value = "";
      this.fitTextarea();
      this.removePhoto();
      this.clearReference();
    } finally {
      this.submitting = false;
    }
  }
}
