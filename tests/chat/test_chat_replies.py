"""Product cards and the streamed assistant text built from a ``TurnResult``."""
from __future__ import annotations

from pathlib import Path

from retrieval.types import RankedProduct, TurnResult
from shop_assistant.chat.replies import assistant_chunks, assistant_text, product_card


def test_card_photo_url_comes_from_the_file_under_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    inside = RankedProduct("7", 0.5, ["colour"], "Blue.", {"title": "Shirt", "price": 10,
                                                         "image_path": str(tmp_path / "media/products/7.jpg")})
    outside = RankedProduct("8", 0.4, [], "", {"title": "Cap", "image_path": str(tmp_path / "elsewhere/8.jpg")})
    relative = RankedProduct("9", 0.3, [], "", {"title": "Belt", "image_path": "products/9.jpg"})
    assert product_card(inside, price_is_generated=True) == {
        "sku": "7", "title": "Shirt", "image_url": "/media/products/7.jpg", "price": 10.0, "currency": None,
        "price_is_generated": True, "matched": ["colour"], "why": "Blue.", "score": 0.5}
    assert product_card(outside, False)["image_url"] is None
    assert product_card(relative, False)["image_url"] == "/media/products/9.jpg"
    assert not Path(settings.MEDIA_ROOT).exists()


def test_assistant_text_says_what_was_understood_then_asks():
    product = RankedProduct("1", 1.0, [], "", {})
    broad = TurnResult(products=[product], understood={}, summary="Looking for products: 1 good matches.",
                       follow_up="What kind of item are you looking for?", total_matches=1)
    assert assistant_text(broad) == "Looking for products: 1 good matches. What kind of item are you looking for?"
    loose = TurnResult(products=[product], understood={}, summary="Looking for red hats: 0 good matches.")
    assert "closest products" in assistant_text(loose)
    empty = TurnResult(products=[], understood={}, summary="", reason="empty_catalog")
    assert assistant_text(empty) == "I could not find anything for that."


def test_chunks_rebuild_the_text_and_only_the_last_is_done():
    text = "Looking for navy blue shirts for men: 12 good matches. Any brand or name you remember?"
    chunks = list(assistant_chunks(text))
    assert len(chunks) > 2 and "".join(delta for delta, _ in chunks) == text
    assert [done for _, done in chunks] == [False] * (len(chunks) - 1) + [True]
    assert list(assistant_chunks("Hi.")) == [("Hi.", True)]
