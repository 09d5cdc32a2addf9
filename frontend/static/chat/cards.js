/**
 * Product cards: photo, title, price (with the "generated demo price" hint the catalog needs: the source data has
 * no prices), the attributes that matched as chips, a short "why", and the actions on a product.
 */
import { el, formatPrice, icon } from "./dom.js";

/**
 * @typedef {{sku: string, title: string, image_url: string|null, price: number|null, currency: string|null,
 *            price_is_generated: boolean, matched: string[], why: string, score: number}} Product
 * @typedef {{
 *   moreLikeThis: (product: Product) => void,
 *   likeThisBut: (product: Product) => void,
 *   feedback: (turn: number, product: Product, value: "like"|"dislike") => boolean,
 * }} CardActions
 */

function priceLine(product) {
  if (product.price === null || product.price === undefined) {
    return el("p", { class: "price price-unknown", text: "Price not listed" });
  }
  return el("p", { class: "price" }, [
    el("span", { class: "price-amount", text: formatPrice(product.price, product.currency) }),
    product.price_is_generated
      ? el("span", {
        class: "price-hint",
        text: "generated demo price",
        title: "The demo catalog has no prices; this one was generated for the demo.",
      })
      : null,
  ]);
}

function productPhoto(product) {
  if (!product.image_url) {
    return el("div", { class: "product-photo product-photo-missing", role: "img", "aria-label": "No photo" }, [
      "No photo",
    ]);
  }
  return el("img", {
    class: "product-photo",
    src: product.image_url,
    alt: product.title,
    loading: "lazy",
    width: 90,
    height: 120,
  });
}

function feedbackButton(turn, product, value, actions, group) {
  const label = value === "like" ? `I like ${product.title}` : `Not for me: ${product.title}`;
  const button = el("button", {
    type: "button",
    class: `btn btn-icon btn-feedback btn-${value}`,
    "aria-pressed": "false",
    "aria-label": label,
    title: value === "like" ? "I like this" : "Not for me",
    "data-feedback": value,
  }, [icon(value)]);
  button.addEventListener("click", () => {
    if (button.getAttribute("aria-pressed") === "true") return;
    if (!actions.feedback(turn, product, value)) return;
    for (const other of group.querySelectorAll("[data-feedback]")) {
      other.setAttribute("aria-pressed", String(other === button));
    }
    group.dataset.state = "sent";
  });
  return button;
}

/**
 * @param {number} turn
 * @param {Product} product
 * @param {number} rank  1-based position in the results
 * @param {CardActions} actions
 */
export function productCard(turn, product, rank, actions) {
  const titleId = `product-${turn}-${rank}-title`;
  const more = el("button", { type: "button", class: "btn btn-small", "data-action": "more-like-this" }, [
    icon("more"), "More like this",
  ]);
  more.setAttribute("aria-describedby", titleId);
  more.addEventListener("click", () => actions.moreLikeThis(product));
  const but = el("button", { type: "button", class: "btn btn-small", "data-action": "like-this-but" }, [
    icon("edit"), "Like this but…",
  ]);
  but.setAttribute("aria-describedby", titleId);
  but.addEventListener("click", () => actions.likeThisBut(product));
  const feedback = el("div", { class: "feedback", role: "group", "aria-label": "Feedback" });
  feedback.append(
    feedbackButton(turn, product, "like", actions, feedback),
    feedbackButton(turn, product, "dislike", actions, feedback),
  );

  const matched = Array.isArray(product.matched) ? product.matched : [];
  return el("li", { class: "product-card", "data-sku": product.sku, "data-rank": rank }, [
    el("article", { class: "product", "aria-labelledby": titleId }, [
      productPhoto(product),
      el("div", { class: "product-body" }, [
        el("h3", { class: "product-title", id: titleId, text: product.title }),
        priceLine(product),
        matched.length
          ? el("ul", { class: "chips", "aria-label": "Matches your request on" },
            matched.map((attribute) => el("li", { class: "chip", text: attribute })))
          : null,
        product.why ? el("p", { class: "product-why", text: product.why }) : null,
      ]),
      el("div", { class: "product-actions" }, [more, but, feedback]),
    ]),
  ]);
}
