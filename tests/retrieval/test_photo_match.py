"""Exact-photo verification on real catalog photos: the product in a shopper's photo beats its look-alikes."""
import csv
import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageOps

from retrieval.augment import shopper_photo
from retrieval.photo_match import THUMBNAIL_SIZE, PhotoVerifier, match_scores, thumbnail

DEMO = Path(__file__).resolve().parents[2] / "data" / "fashion-small"


def _photos_of(article_type: str, count: int) -> dict[str, str]:
    with (DEMO / "catalog.csv").open(newline="", encoding="utf-8") as handle:
        skus = [row["id"] for row in csv.DictReader(handle) if row["articleType"] == article_type]
    return {sku: str(DEMO / "images" / f"{sku}.jpg") for sku in skus[:count]}


@pytest.fixture(scope="module")
def verifier() -> PhotoVerifier:
    return PhotoVerifier()


@pytest.mark.parametrize("article_type", ["Tshirts", "Casual Shoes", "Kurtas"])
def test_shopper_photos_find_their_product_among_look_alikes(verifier: PhotoVerifier, article_type: str) -> None:
    catalog = _photos_of(article_type, 40)
    rng = random.Random(7)
    firsts = 0
    for sku in list(catalog)[:15]:
        with Image.open(catalog[sku]) as original:
            photo = shopper_photo(original, rng)
        matches = verifier.verify(photo, catalog.items())
        firsts += matches[0].sku == sku
    # Synthetic photos are reframed, mirrored, tilted up to 8 degrees, relit, blurred and re-encoded.
    assert firsts >= 10, f"{firsts}/15 shopper photos matched their own product first"


def test_light_and_framing_barely_change_the_score() -> None:
    with Image.open(DEMO / "images" / "15970.jpg") as original:
        photo = original.convert("RGB")
    darker = ImageEnhance.Contrast(ImageEnhance.Brightness(photo).enhance(0.7)).enhance(1.2)
    width, height = photo.size
    closer = darker.crop((5, 6, width - 4, height - 5)).resize(photo.size)
    own = thumbnail(photo)[None]
    assert match_scores(ImageOps.mirror(closer), own)[0] > 0.95


def test_photos_that_cannot_be_read_are_skipped(verifier: PhotoVerifier, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    catalog = _photos_of("Watches", 2)
    matches = verifier.verify(Image.new("RGB", (60, 80), "white"),
                              [*catalog.items(), ("broken", str(broken)), ("gone", str(tmp_path / "x.jpg")),
                               ("none", None)])
    assert sorted(m.sku for m in matches) == sorted(catalog)
    assert all(-1.0 <= m.score <= 1.0 for m in matches)


def test_wrong_thumbnail_shape_is_refused() -> None:
    with pytest.raises(ValueError):
        match_scores(Image.new("RGB", (60, 80)), np.zeros((2, 3, THUMBNAIL_SIZE[0], THUMBNAIL_SIZE[1])))
    assert match_scores(Image.new("RGB", (60, 80)), np.zeros((0, 3, THUMBNAIL_SIZE[1], THUMBNAIL_SIZE[0]))).size == 0
