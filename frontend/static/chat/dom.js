/**
 * Small DOM builders. Everything the server or the shopper wrote goes in as text nodes, never as HTML, so a
 * product title or an assistant message can never inject markup into the page.
 */

const SVG_NS = "http://www.w3.org/2000/svg";

/** Outline icons drawn with one path each (shapes after Feather, MIT). */
const ICON_PATHS = {
  close: "M18 6 6 18M6 6l12 12",
  more: "M23 4v6h-6M20.49 15a9 9 0 1 1-2.12-9.36L23 10",
  edit: "M12 20h9M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4 12.5-12.5z",
  like: "M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3",
  dislike: "M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17",
  alert: "M12 8v4M12 16h.01M22 12a10 10 0 1 1-20 0 10 10 0 0 1 20 0z",
};

/**
 * @param {string} tag
 * @param {Record<string, string|boolean|number|null|undefined>} [attributes]  `class`, `text`, aria-*, data-*, …
 * @param {(Node|string|null|undefined|false)[]} [children]
 */
export function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "class") node.className = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

export function icon(name) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", "icon");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICON_PATHS[name]);
  svg.append(path);
  return svg;
}

/** A price as the shopper's locale writes it; falls back to "1299 XYZ" when the currency code is unknown. */
export function formatPrice(amount, currency) {
  try {
    const fractionDigits = Number.isInteger(amount) ? 0 : 2;
    return new Intl.NumberFormat(undefined, {
      style: "currency", currency, minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits,
    }).format(amount);
  } catch {
    return `${amount} ${currency ?? ""}`.trim();
  }
}
