"""The turn pipeline end to end on a small real catalog in the embedded index, with the real text encoder."""
from pathlib import Path

import pytest
from PIL import Image

from retrieval.encoders import get_text_encoder
from retrieval.index import EdgeProductIndex, IndexPoint
from retrieval.pipeline import ConversationalRetriever, RetrievalError
from retrieval.records import load_catalog_csv
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
