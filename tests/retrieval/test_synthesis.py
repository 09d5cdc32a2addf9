"""Synthetic dialogues: seeded, varied, faithful to the product they describe."""
from __future__ import annotations

import random
from collections import Counter

import pytest
from PIL import Image

from retrieval.records import ProductRecord
from retrieval.synthesis import (DialogueSynthesizer, SyntheticDialogue, name_words, roughen, shopper_photo_of,
                                 typo)


def product(sku: str, colour: str, article_type: str = "Sports Shoes", gender: str = "Men",
            image_path: str | None = None, title: str | None = None) -> ProductRecord:
    title = title or f"Fila Men Survivor {colour} Sports Shoes"
    return ProductRecord(sku=sku, title=title, brand=title.split()[0], article_type=article_type, gender=gender,
                         colour=colour, image_path=image_path)


@pytest.fixture()
def catalog(tmp_path) -> list[ProductRecord]:
    records = []
    for i, colour in enumerate(["Black", "White", "Red", "Navy Blue"]):
        photo = tmp_path / f"{i}.jpg"
        Image.new("RGB", (60, 80), (40 * i, 80, 120)).save(photo)
        records.append(product(str(i), colour, image_path=str(photo)))
    records.append(product("t", "Grey", "Tshirts", "Women", title="Puma Women Grey Tshirts"))
    return records


def test_same_seed_same_dialogues(catalog) -> None:
    first = list(DialogueSynthesizer(catalog, seed=3).dialogues(5))
    assert first == list(DialogueSynthesizer(catalog, seed=3).dialogues(5))
    assert first != list(DialogueSynthesizer(catalog, seed=4).dialogues(5))


def test_dialogues_are_one_to_three_turns_about_a_catalog_product(catalog) -> None:
    skus = {r.sku for r in catalog}
    dialogues = list(DialogueSynthesizer(catalog, seed=0).dialogues(50))
    assert len(dialogues) == 50 * len(catalog)
    assert all(1 <= len(d.turns) <= 3 and d.target_sku in skus for d in dialogues)
    assert Counter(d.target_sku for d in dialogues) == {sku: 50 for sku in skus}
    assert {d.kind for d in dialogues} == {"progressive", "correction", "photo", "look_alike"}
    assert len({d.text for d in dialogues}) > len(dialogues) * 0.6


def test_photos_show_the_product_or_a_look_alike_in_another_colour(catalog) -> None:
    by_sku = {r.sku: r for r in catalog}
    for dialogue in DialogueSynthesizer(catalog, seed=1).dialogues(40):
        if dialogue.kind == "photo":
            assert dialogue.photo_sku == dialogue.target_sku
        elif dialogue.kind == "look_alike":
            shown, wanted = by_sku[dialogue.photo_sku], by_sku[dialogue.target_sku]
            assert shown.sku != wanted.sku and shown.colour != wanted.colour
            assert (shown.article_type, shown.gender) == (wanted.article_type, wanted.gender)
        else:
            assert dialogue.photo_sku is None
    assert all(d.photo_sku is None for d in DialogueSynthesizer(catalog, seed=1).dialogues(40)
               if d.target_sku == "t")


def test_corrections_end_on_the_products_colour(monkeypatch) -> None:
    monkeypatch.setattr("retrieval.synthesis.TYPO_RATE", 0.0)
    monkeypatch.setattr("retrieval.synthesis.DROP_RATE", 0.0)
    record = product("1", "Navy Blue")
    synthesizer = DialogueSynthesizer([record], seed=0)
    for _ in range(40):
        dialogue = synthesizer.dialogue(record, "correction")
        correction = dialogue.turns[1].lower()
        assert any(word in correction for word in ("navy", "dark blue"))


def test_name_words_leave_out_type_colour_and_gender() -> None:
    assert name_words(product("1", "Black", title="Nike Men Black Running Sports Shoes")) == ["Nike", "Running"]
    assert name_words(product("2", "Brown", "Handbags", "Women", title="Baggit Women Brown Handbag")) == ["Baggit"]


def test_typos_are_single_character_edits() -> None:
    rng = random.Random(0)
    for _ in range(100):
        changed = typo("sunglasses", rng)
        assert abs(len(changed) - len("sunglasses")) <= 1
        assert changed[0] == "s"
    assert typo("red", rng) == "red"
    assert roughen("x", rng) in ("x", "X")


def test_shopper_photo_is_an_image_of_the_product(catalog) -> None:
    photo = shopper_photo_of(catalog[0], random.Random(0))
    assert isinstance(photo, Image.Image) and photo.mode == "RGB"
    with pytest.raises(ValueError, match="no photo"):
        shopper_photo_of(catalog[-1], random.Random(0))


def test_empty_catalog_is_rejected() -> None:
    with pytest.raises(ValueError, match="empty"):
        DialogueSynthesizer([], seed=0)


def test_text_joins_the_turns() -> None:
    assert SyntheticDialogue(("black tee", "", "by puma"), "1", None, "progressive").text == "black tee by puma"
