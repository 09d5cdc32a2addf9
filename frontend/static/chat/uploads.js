/**
 * Photo uploads over HTTP (`POST /api/images/`, multipart field `image`): the websocket then carries only the id.
 * Size and type limits are the server's; its error message is shown to the shopper as it is.
 */

export const UPLOAD_URL = "/api/images/";

export class UploadError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? "";
}

/**
 * @param {File} file
 * @param {AbortSignal} signal  aborts when the shopper removes the photo before the upload ends
 * @returns {Promise<{image_id: string, url: string}>}
 */
export async function uploadImage(file, signal) {
  const form = new FormData();
  form.append("image", file, file.name || "photo");
  let response;
  try {
    response = await fetch(UPLOAD_URL, {
      method: "POST",
      body: form,
      signal,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new UploadError("network", "The photo could not be uploaded. Check your connection and try again.");
  }
  const body = await response.json().catch(() => null);
  if (response.status === 201 && body && typeof body.image_id === "string") return body;
  const fallback = response.status === 413
    ? "That photo is too large. Please choose a smaller one."
    : response.status === 415
      ? "That file is not a photo we can read. Please use a JPEG, PNG or WebP image."
      : "The photo could not be uploaded. Please try again.";
  throw new UploadError(body?.error?.code ?? `http_${response.status}`, body?.error?.message ?? fallback);
}
