"""The baseline modes (BM25, BM25+dense RRF) on a small real catalog in the embedded index, real text encoder."""
import math
from typing import Callable

import pytest
from PIL import Image

from retrieval.baselines import BaselineRetriever, ExactLexicalIndex
from retrieval.rerank import RRF_K, reciprocal_rank_fusion
from retrieval.encoders import get_text_encoder
from retrieval.index import EdgeProductIndex
from retrieval.text import LexicalIndex
from retrieval.types import DialogueTurn

SKUS = ["10442", "11024", "11913", "13744", "14293", "16118", "16640", "17596", "18578", "18998", "19430", "20314",
        "20876"]


@pytest.fixture(scope="module")
def baseline(text_index_of: Callable[[list[str]], EdgeProductIndex]) -> BaselineRetriever:
    return BaselineRetriever(text_index_of(SKUS), get_text_encoder())


def test_rrf_adds_one_over_k_plus_rank_per_list() -> None:
    fused = dict(reciprocal_rank_fusion([["a", "b"], ["b", "c"]]))
    assert list(fused) == ["b", "a", "c"]
    assert fused["b"] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert fused["c"] == pytest.approx(1 / (RRF_K + 2))


def test_exact_bm25_is_okapi_over_every_query_term_without_typo_forgiveness() -> None:
    documents = {"1": "red shoes", "2": "blue shoes for running", "3": "red red cap"}
    index = ExactLexicalIndex(documents)
    average = (2 + 4 + 3) / 3
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))  # "red" is in 2 of 3 documents
    tf_part = 2 * 2.2 / (2 + 1.2 * (1 - 0.75 + 0.75 * 3 / average))
    assert dict(index.search(["red"]))["3"] == pytest.approx(idf * tf_part, rel=1e-5)
    assert dict(index.search(["red", "red"]))["3"] == pytest.approx(2 * idf * tf_part, rel=1e-5)
    assert index.search(["shoez"]) == []
    product_index = LexicalIndex(documents)  # the product's own index forgives typos and counts a word once
    assert product_index.search(["shoez"])
    assert product_index.search(["red", "red"]) == product_index.search(["red"])


def test_bm25_mode_finds_the_quoted_title_words(baseline: BaselineRetriever) -> None:
    result = baseline.run([DialogueTurn("grey shorts for men"), DialogueTurn("it was the Hammonds cargo ones")],
                          mode="bm25")
    assert result.products[0].sku == "19430"
    scores = [p.score for p in result.products]
    assert scores == sorted(scores, reverse=True)


def test_rrf_mode_fuses_the_bm25_and_dense_rankings(baseline: BaselineRetriever) -> None:
    text = "black scarf from adidas"
    lexical = [sku for sku, _ in baseline.bm25(text, baseline.depth)]
    dense = [sku for sku, _ in baseline.dense(text, baseline.depth)]
    result = baseline.run([DialogueTurn(text)], mode="rrf")
    assert [p.sku for p in result.products] == [sku for sku, _ in reciprocal_rank_fusion([lexical, dense])]
    assert result.products[0].sku == "18998"
    assert result.products[0].payload["article_type"] == "Scarves"


def test_photos_and_unknown_modes(baseline: BaselineRetriever) -> None:
    photo_only = [DialogueTurn("", image=Image.new("RGB", (8, 8)))]
    assert baseline.run(photo_only, mode="rrf").reason == "empty_turn"
    with pytest.raises(ValueError):
        baseline.run([DialogueTurn("a shirt")], mode="full")
