"""What the shopper sees of a ``TurnResult``: product cards and the assistant's streamed sentence(s)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from django.conf import settings

if TYPE_CHECKING:
    from retrieval.types import RankedProduct, TurnResult

WORDS_PER_CHUNK = 6


def product_card(product: "RankedProduct", price_is_generated: bool) -> dict[str, Any]:
    """``price_is_generated`` comes from the catalog (demo prices are labelled, the index payload does not say)."""
    payload = product.payload
    price = payload.get("price")
    return {
        "sku": product.sku,
        "title": payload.get("title", ""),
        "image_url": product_image_url(payload),
        "price": float(price) if price is not None else None,
        "currency": payload.get("currency") or None,
        "price_is_generated": price_is_generated,
        "matched": list(product.matched),
        "why": product.why,
        "score": round(float(product.score), 4),
    }


def product_image_url(payload: dict[str, Any]) -> str | None:
    """The photo URL: the index payload's ``image_url`` when it has one, else its file under MEDIA_ROOT.

    The path is normalised as text, not resolved on disk: a worker builds hundreds of cards a second."""
    if payload.get("image_url"):
        return str(payload["image_url"])
    image_path = payload.get("image_path")
    if not image_path:
        return None
    media_root = os.path.abspath(settings.MEDIA_ROOT)
    path = os.path.normpath(os.path.join(media_root, str(image_path)))  # an absolute image_path stays itself
    if os.path.commonpath([path, media_root]) != media_root:
        return None
    return settings.MEDIA_URL + Path(os.path.relpath(path, media_root)).as_posix()


def assistant_text(result: "TurnResult") -> str:
    """What was understood (with the match count), then a follow-up question when the request is still broad."""
    parts = [result.summary.strip()]
    if result.products and result.total_matches == 0:
        parts.append("Nothing matches every detail; these are the closest products.")
    if result.follow_up:
        parts.append(result.follow_up.strip())
    return " ".join(part for part in parts if part) or "I could not find anything for that."


def assistant_chunks(text: str) -> Iterator[tuple[str, bool]]:
    """Split the answer into small deltas (the last one has ``done`` true) so clients can render it as it arrives."""
    words = text.split(" ")
    starts = range(0, len(words), WORDS_PER_CHUNK)
    for index, start in enumerate(starts):
        chunk = " ".join(words[start:start + WORDS_PER_CHUNK])
        last = index == len(starts) - 1
        yield (chunk if last else chunk + " "), last
