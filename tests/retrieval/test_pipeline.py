"""The turn pipeline end to end on a small real catalog in the embedded index, with the real text encoder."""
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from retrieval.encoders import get_text_encoder
from retrieval.index import EdgeProductIndex, IndexPoint
from retrieval.pipeline import ConversationalRetriever, RetrievalError
from retrieval.records import load_catalog_csv
from retrieval.photo_match import LAYOUT_DIM, layout_vector
from retrieval.types import DialogueTurn

CATALOG = Path(__file__).resolve().parents[2] / "data" / "fashion-small" / "catalog.csv"
SKUS = ["17966", "18675", "12736", "16015", "16101", "16102", "15054", "11878", "10000", "10001"]


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory) -> ConversationalRetriever:
    records = [r for r in load_catalog_csv(CATALOG) if r.sku in SKUS]
    index = EdgeProductIndex(tmp_path_factory.mktemp("index"), "products")
    index.recreate({"text": 384})
    encoder = get_text_encoder()
    vectors = encoder.encode([r.document() for r in records])
    index.upsert([IndexPoint(r.sku, {"text": v.tolist()}, r.payload()) for r, v in zip(records, vectors)])
    yield ConversationalRetriever(index, encoder)
    index.close()


def test_correction_and_name_words_find_the_product(retriever: ConversationalRetriever) -> None:
    result = retriever.run([DialogueTurn("women's casual shoes in yellow"), DialogueTurn("actually, white instead"),
                            DialogueTurn("I remember Sasha")])
    assert result.products[0].sku == "17966"
    assert "White" in result.products[0].matched
    assert result.understood["colours"] == ["White"]


def test_excluded_colour_goes_last(retriever: ConversationalRetriever) -> None:
    result = retriever.run([DialogueTurn("men's sports shoes, not white")])
    whites = [i for i, p in enumerate(result.products) if p.payload["colour"] == "White"]
    assert all(i > 0 for i in whites)


def test_reference_sku_without_photo_vectors_uses_its_text(retriever: ConversationalRetriever) -> None:
    result = retriever.run([DialogueTurn("more like this", reference_sku="15054")])
    assert result.products[0].payload["article_type"] == "Formal Shoes"


def test_bad_input_gets_a_reason_not_a_crash(retriever: ConversationalRetriever) -> None:
    assert retriever.run([DialogueTurn("   ")]).reason == "empty_turn"
    with pytest.raises(RetrievalError) as error:
        retriever.run([DialogueTurn("like this", reference_sku="no-such-sku")])
    assert error.value.code == "unknown_sku"
    with pytest.raises(RetrievalError) as error:  # no image encoder configured
        retriever.run([DialogueTurn("find this", image=Image.new("RGB", (8, 8)))])
    assert error.value.code == "image_search_unavailable"
    with pytest.raises(RetrievalError) as error:
        retriever.run([DialogueTurn("x")], mode="generative")
    assert error.value.code == "generator_unavailable"


def test_a_batch_answers_each_conversation_as_alone_and_keeps_errors_apart(
        retriever: ConversationalRetriever) -> None:
    dialogues = [
        [DialogueTurn("women's casual shoes in yellow"), DialogueTurn("actually, white instead")],
        [DialogueTurn("like this", reference_sku="no-such-sku")],
        [DialogueTurn("  ")],
        [DialogueTurn("men's sports shoes, not white")],
    ]
    outcomes = retriever.run_many(dialogues, limit=5)
    assert isinstance(outcomes[1], RetrievalError) and outcomes[1].code == "unknown_sku"
    assert outcomes[2].reason == "empty_turn"
    for dialogue, outcome in zip(dialogues[::3], outcomes[::3]):
        alone = retriever.run(dialogue, limit=5)
        assert [p.sku for p in outcome.products] == [p.sku for p in alone.products]
        assert outcome.understood == alone.understood


def test_dense_mode_is_plain_text_search(retriever: ConversationalRetriever) -> None:
    result = retriever.run([DialogueTurn("black scarf for men")], mode="dense")
    assert result.products[0].sku == "16015"


def test_empty_catalog_says_so(tmp_path: Path) -> None:
    index = EdgeProductIndex(tmp_path, "products")
    index.recreate({"text": 384})
    try:
        result = ConversationalRetriever(index, get_text_encoder()).run([DialogueTurn("a shirt")])
        assert result.products == [] and result.reason == "empty_catalog"
    finally:
        index.close()


@pytest.fixture(scope="module")
def shoe_retriever(tmp_path_factory: pytest.TempPathFactory) -> ConversationalRetriever:
    """40 casual shoes with text vectors and photo vectors from an untrained (random) image tower: whatever the
    photo search gets right here, the exact-photo verifier did."""
    from transformers import CLIPImageProcessorPil, CLIPVisionConfig, CLIPVisionModelWithProjection

    from retrieval.encoders import ImageEncoder

    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    vision = CLIPVisionModelWithProjection(CLIPVisionConfig(
        image_size=16, patch_size=8, hidden_size=32, intermediate_size=64, num_hidden_layers=1,
        num_attention_heads=2, projection_dim=16))
    side = {"height": 16, "width": 16}
    image_encoder = ImageEncoder(vision, CLIPImageProcessorPil(size=side, crop_size=side, do_center_crop=False))
    records = [r for r in load_catalog_csv(CATALOG) if r.article_type == "Casual Shoes" and r.image_path][:40]
    index = EdgeProductIndex(tmp_path_factory.mktemp("shoes"), "products")
    index.recreate({"text": 384, "image": image_encoder.dim, "layout": LAYOUT_DIM})
    text_encoder = get_text_encoder()
    texts = text_encoder.encode([r.document() for r in records])
    images = [Image.open(r.image_path).convert("RGB") for r in records]
    photos = image_encoder.encode(images)
    index.upsert([IndexPoint(r.sku, {"text": t.tolist(), "image": p.tolist(), "layout": layout_vector(i).tolist()},
                             r.payload()) for r, t, p, i in zip(records, texts, photos, images)])
    yield ConversationalRetriever(index, text_encoder, image_encoder)
    index.close()


def _shopper_photo_of(retriever: ConversationalRetriever, sku: str, seed: int) -> Image.Image:
    import random

    from retrieval.augment import shopper_photo

    payload = retriever.index.retrieve([sku])[0].payload
    with Image.open(payload["image_path"]) as photo:
        return shopper_photo(photo, random.Random(seed))


def test_photo_only_turn_finds_the_product_in_the_photo(shoe_retriever: ConversationalRetriever) -> None:
    skus = [hit.sku for hit in shoe_retriever.index.scroll(with_vectors=False)][:10]
    firsts = sum(shoe_retriever.run([DialogueTurn("do you have this?", image=_shopper_photo_of(shoe_retriever, sku, i))])
                 .products[0].sku == sku for i, sku in enumerate(skus))
    assert firsts >= 8, firsts


def test_reference_photo_passes_on_gender(shoe_retriever: ConversationalRetriever) -> None:
    """A women's shoe photo and "like this but in <colour>", where men's shoes also come in that colour."""
    payloads = [hit.payload for hit in shoe_retriever.index.scroll(with_vectors=False)]
    colours_by_gender = {g: {p["colour"] for p in payloads if p["gender"] == g} for g in ("Men", "Women")}
    reference = next(p for p in payloads if p["gender"] == "Women"
                     and (colours_by_gender["Women"] & colours_by_gender["Men"]) - {p["colour"]})
    colour = sorted((colours_by_gender["Women"] & colours_by_gender["Men"]) - {reference["colour"]})[0]
    photo = _shopper_photo_of(shoe_retriever, reference["sku"], 3)
    top = shoe_retriever.run([DialogueTurn(f"like this but in {colour.lower()}", image=photo)]).products[0]
    assert (top.payload["gender"], top.payload["colour"]) == ("Women", colour)


def test_a_photo_is_also_searched_by_its_centre(shoe_retriever: ConversationalRetriever) -> None:
    """A product photographed with its surroundings: the neighbours of the centre join those of the whole photo."""
    from retrieval.pipeline import centre

    sku = next(iter(shoe_retriever.index.scroll(with_vectors=False))).sku
    photo = _shopper_photo_of(shoe_retriever, sku, 5)
    reference = shoe_retriever.track([DialogueTurn("this one", image=photo)]).references[-1]
    assert centre(photo).size == (round(photo.width * 0.8), round(photo.height * 0.8))
    expected = shoe_retriever.image_encoder.encode([centre(photo.convert("RGB"))])[0]
    assert reference.photo is not None and np.allclose(reference.photo.vectors[1], expected, atol=1e-5)
    neighbours = shoe_retriever._image_neighbours(reference)
    assert len({h.sku for h in neighbours}) == len(neighbours) <= shoe_retriever.config.candidates_per_source
    vectors = shoe_retriever.vectors.of([hit.sku for hit in neighbours])
    for hit in neighbours:
        closest = max(float(np.dot(view, vectors[hit.sku][1])) for view in reference.vectors())
        assert hit.score == pytest.approx(closest, abs=1e-4)


def test_a_picture_lying_in_the_photo_is_searched_and_verified_as_well(
        shoe_retriever: ConversationalRetriever) -> None:
    """A catalog picture on a table, under a lamp's colour cast: the picture cut out of the photo is another view,
    another photo to verify, and a layout search of its own; with this fixture's untrained image tower and only 5
    candidates per source (of 40 shoes), the layout search is what brings the product to the verifier."""
    from retrieval.pipeline import PipelineConfig
    from retrieval.picture_finder import find_pictures

    retriever = ConversationalRetriever(shoe_retriever.index, shoe_retriever.text_encoder,
                                        shoe_retriever.image_encoder, config=PipelineConfig(candidates_per_source=5))
    skus = [hit.sku for hit in shoe_retriever.index.scroll(with_vectors=False)][:8]
    firsts = layout_firsts = 0
    for i, sku in enumerate(skus):
        with Image.open(shoe_retriever.index.retrieve([sku])[0].payload["image_path"]) as catalog_photo:
            picture = catalog_photo.convert("RGB").resize((120, 160))
        picture = picture.convert("RGB", (1.1, 0, 0, 0, 0, 1.0, 0, 0, 0, 0, 0.8, 0))  # a warm lamp
        table = Image.new("RGB", (180, 240), (150 - 10 * i, 90, 60 + 10 * i))
        table.paste(picture, (10 + 6 * i, 20 + 8 * i))
        reference = retriever.track([DialogueTurn("this one", image=table)]).references[-1]
        found = find_pictures(table)
        assert found
        photo = reference.photo  # a picture lies there: no product is taken out of the surface as well
        assert photo is not None and len(photo.vectors) == 2 + len(found) and len(photo.photos) == 1 + len(found)
        assert np.allclose(photo.vectors[2:], retriever.image_encoder.encode(found), atol=1e-5)
        assert np.allclose(photo.layouts, [layout_vector(picture) for picture in found], atol=1e-6)
        searched: dict[str, list[str]] = {}
        retriever._reference_evidence(retriever.track([DialogueTurn("this one", image=table)]), {},
                                      lambda hits, source: searched.setdefault(source, [h.sku for h in hits]))
        layout_firsts += searched["layout"][0] == sku
        firsts += retriever.run([DialogueTurn("this one", image=table)]).products[0].sku == sku
    assert layout_firsts >= 7, f"the layout search put {layout_firsts}/8 pictures on a table first"
    assert firsts >= 7, f"{firsts}/8 pictures on a table found first"


def test_catalog_vectors_are_read_again_once_stale_and_dropped_once_deleted(tmp_path: Path) -> None:
    from retrieval.pipeline import CatalogVectors

    index = EdgeProductIndex(tmp_path, "products")
    index.recreate({"text": 2})
    index.upsert([IndexPoint("a", {"text": [1.0, 0.0]}, {"sku": "a"}),
                  IndexPoint("b", {"text": [0.0, 1.0]}, {"sku": "b"})])
    try:
        fresh, stale = CatalogVectors(index, max_age=3600), CatalogVectors(index, max_age=0)
        assert np.allclose(fresh.of(["a", "b"])["a"][0], [1.0, 0.0]) and stale.of(["a"])["a"][1] is None
        index.upsert([IndexPoint("a", {"text": [0.6, 0.8]}, {"sku": "a"})])  # the product was edited
        index.delete(["b"])
        assert np.allclose(fresh.of(["a"])["a"][0], [1.0, 0.0])  # kept within its age
        assert np.allclose(stale.of(["a"])["a"][0], [0.6, 0.8])
        assert "b" not in stale.of(["a", "b"])
    finally:
        index.close()


def test_a_need_without_a_product_word_points_at_a_kind_of_product() -> None:
    from retrieval.pipeline import NeedTypes

    encoder = get_text_encoder()
    needs = NeedTypes(encoder)
    types = ("Gloves", "Handbags", "Sunglasses", "Tshirts", "Umbrellas", "Watches")
    cold = needs.shares(types, encoder.encode(["my hands freeze on my bike ride to work"])[0])
    assert max(cold, key=cold.get) == "Gloves" and cold["Gloves"] >= 0.5
    sunny = needs.shares(types, encoder.encode(["something to keep the sun out of my eyes at the beach"])[0])
    assert max(sunny, key=sunny.get) == "Sunglasses"
    assert sum(cold.values()) == pytest.approx(1.0) and len(cold) == 3


def test_a_need_told_in_one_sentence_of_a_longer_message() -> None:
    from retrieval.pipeline import NeedTypes, need_sentences

    texts = ["i started a pottery class on saturdays and it's messy. My fringe keeps flopping into my eyes at the "
             "wheel, what can i wear round my forehead to keep it back?", "red pls, puma if u have one. im a girl"]
    sentences = need_sentences(texts)
    assert len(sentences) == 4 and sentences[-1] == "im a girl"
    assert need_sentences(["red, puma"]) == [] and need_sentences(["a red cap. ok"]) == []
    encoder = get_text_encoder()
    types = ("Caps", "Headband", "Scarves", "Hat", "Mufflers", "Tshirts")
    needs, whole = NeedTypes(encoder), encoder.encode([" ".join(texts)])[0]
    shares = needs.shares(types, whole, encoder.encode(sentences))
    assert max(shares, key=shares.get) == "Headband" and shares["Headband"] > needs.shares(types, whole)["Headband"]


def test_need_situations_cover_every_kind_without_naming_it() -> None:
    """The situations teach what a kind is for: one that names its own kind would teach nothing."""
    from retrieval.pipeline import article_type_needs, article_type_uses

    needs = article_type_needs()
    assert set(needs) == set(article_type_uses())
    for article_type, situations in needs.items():
        assert len(situations) == len(set(situations)) == 16
        name = re.compile(rf"\b{re.escape(article_type.rstrip('s'))}s?\b", re.IGNORECASE)
        assert not [situation for situation in situations if name.search(situation)], article_type


def test_a_picture_somewhere_on_a_page_is_found_window_by_window(
        shoe_retriever: ConversationalRetriever) -> None:
    """A catalog picture somewhere on a magazine page, among lines of text: the layout search over windows of the
    photo finds it, and brings it to the verifier, with only 5 candidates per source."""
    from retrieval.pipeline import PipelineConfig

    retriever = ConversationalRetriever(shoe_retriever.index, shoe_retriever.text_encoder,
                                        shoe_retriever.image_encoder, config=PipelineConfig(candidates_per_source=5))
    rng = np.random.default_rng(1)
    skus = [hit.sku for hit in shoe_retriever.index.scroll(with_vectors=False)][8:16]
    firsts = windowed = 0
    for i, sku in enumerate(skus):
        with Image.open(shoe_retriever.index.retrieve([sku])[0].payload["image_path"]) as catalog_photo:
            picture = catalog_photo.convert("RGB").resize((84, 112))
        scene = Image.new("RGB", (120, 160), (236, 230, 215))
        for y in range(4, 160, 7):  # lines of print all over the page
            scene.paste(Image.new("RGB", (int(rng.integers(40, 110)), 3), (90, 90, 90)), (5, y))
        # Somewhere near one of the windows of 0.7 of the photo's sides (a grid of 4 positions per side).
        scene.paste(picture, (12 * (i % 4) + i % 3, 16 * (3 - i % 4) + i % 2))
        photo = retriever.track([DialogueTurn("this one", image=scene)]).references[-1].photo
        assert photo is not None and len(photo.windows) == 4 * 4 * 4
        windowed += sku in [hit.sku for hit in retriever._nearest("layout", photo.windows, 10)]
        firsts += retriever.run([DialogueTurn("this one", image=scene)]).products[0].sku == sku
    assert windowed >= 7, f"the window search found {windowed}/8"
    assert firsts >= 6, f"{firsts}/8 pictures on a page found first"


def test_a_product_lying_on_a_surface_is_another_view(shoe_retriever: ConversationalRetriever) -> None:
    """A shoe photographed on a wooden floor instead of the studio's white: taken out onto white, it is searched and
    verified as another view of the photo."""
    sku = [hit.sku for hit in shoe_retriever.index.scroll(with_vectors=False)][0]
    with Image.open(shoe_retriever.index.retrieve([sku])[0].payload["image_path"]) as catalog_photo:
        shoe = np.asarray(catalog_photo.convert("RGB").resize((60, 80)), dtype=np.float32)
    studio = shoe.min(axis=2) > 235
    floor = np.where(studio[..., None], np.array([140.0, 100.0, 70.0]), shoe).astype(np.uint8)
    photo = shoe_retriever.track([DialogueTurn("this one", image=Image.fromarray(floor))]).references[-1].photo
    assert photo is not None and len(photo.vectors) == 3 and len(photo.photos) == 2
    assert np.asarray(photo.photos[1])[0, 0].min() >= 240  # the floor became white


def test_like_this_but_in_another_colour_prefers_the_same_model() -> None:
    from retrieval.intent import DialogueTracker
    from retrieval.rerank import Candidate, ReferenceEvidence, TestTimeReranker, model_words

    assert model_words("Lino Perros Women Flower Turquoise Blue Wallet") == {"lino", "perros", "flower", "wallet"}
    state = DialogueTracker().update("similar to this one, but blue")
    payload = {"article_type": "Wallets", "colour": "Blue", "gender": "Women"}
    candidates = [Candidate(sku, {**payload, "title": title}, None, None) for sku, title in (
        ("other", "Baggit Women Solid Blue Wallet"), ("same", "Lino Perros Women Flower Blue Wallet"))]
    evidence = ReferenceEvidence({"Wallets": 1.0}, {"Women": 1.0}, identified=True, best_match=0.95,
                                 model_words=model_words("Lino Perros Women Flower Pink Wallet"))
    ranked = TestTimeReranker().score(state, candidates, np.zeros(384, dtype=np.float32), evidence)
    assert [c.sku for c in ranked] == ["same", "other"] and ranked[0].features["model"] == 1.0
