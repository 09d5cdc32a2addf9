"""The baselines the product must beat, as runnable evaluation modes: BM25, and BM25 fused with all-MiniLM dense.

They answer what a shop would build without us, so they stay textbook: the query is every turn's text concatenated
(photos ignored, like ``dense`` mode); ``bm25`` is Okapi BM25 (k1=1.2, b=0.75) over each product's document (title
plus attributes, the same text the dense vectors encode) with exact term matching — no typo forgiveness, no intent
tracking; ``rrf`` is reciprocal-rank fusion (k=60) of that BM25 ranking and the ``dense`` mode's ranking.
"""
from __future__ import annotations

import threading
from typing import Any, Sequence

from .index import ProductIndex
from .pipeline import TextEncoderLike
from .records import ProductRecord
from .rerank import reciprocal_rank_fusion
from .text import LexicalIndex, normalise_token, tokenize
from .types import DialogueTurn, RankedProduct, TurnResult

BASELINE_MODES = ("bm25", "rrf")


class ExactLexicalIndex(LexicalIndex):
    """Standard BM25: a query term scores only the documents that contain exactly that term, and a term the query
    repeats counts as often as it is repeated (the Okapi sum over query terms)."""

    repeated_tokens_count: bool = True

    def expand(self, token: str) -> tuple[tuple[str, float], ...]:
        return ((token, 1.0),) if token in self.vocabulary.words else ()


def dialogue_text(turns: Sequence[DialogueTurn]) -> str:
    """The baselines' query: the text of every turn so far, in order."""
    return " ".join(t.text for t in turns if t.text.strip())


class BaselineRetriever:
    """Runs a baseline mode with the same call as ``ConversationalRetriever.run``, so the evaluator treats both alike.

    ``depth`` is how many products of each ranking enter the fusion; the BM25 index is built from the product index
    on first use (the catalog the dense vectors were computed from).
    """

    def __init__(self, index: ProductIndex, text_encoder: TextEncoderLike, depth: int = 200) -> None:
        self.index = index
        self.text_encoder = text_encoder
        self.depth = depth
        self._lexicon: ExactLexicalIndex | None = None
        self._payloads: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Build the BM25 index and load the text encoder before the first turn is timed."""
        self._bm25_index()
        self.text_encoder.encode(["warm up"])

    def _bm25_index(self) -> ExactLexicalIndex:
        with self._lock:
            if self._lexicon is None:
                documents: dict[str, str] = {}
                for hit in self.index.scroll():
                    self._payloads[hit.sku] = hit.payload
                    documents[hit.sku] = ProductRecord.from_payload(hit.payload).document()
                self._lexicon = ExactLexicalIndex(documents)
            return self._lexicon

    def bm25(self, text: str, limit: int) -> list[tuple[str, float]]:
        tokens = [normalise_token(t) for t in tokenize(text)]
        return self._bm25_index().search(tokens, limit) if tokens else []

    def dense(self, text: str, limit: int) -> list[tuple[str, float]]:
        vector = self.text_encoder.encode([text])[0]
        return [(hit.sku, hit.score) for hit in self.index.search("text", vector, limit)]

    def run(self, turns: Sequence[DialogueTurn], limit: int = 50, mode: str = "bm25") -> TurnResult:
        if mode not in BASELINE_MODES:
            raise ValueError(f"mode must be one of {BASELINE_MODES}, not {mode!r}")
        text = dialogue_text(turns)
        if not text:
            return TurnResult(products=[], understood={}, summary="", reason="empty_turn")
        if mode == "bm25":
            ranked, why = self.bm25(text, limit), "BM25 of your words."
        else:
            lexical = [sku for sku, _ in self.bm25(text, self.depth)]
            dense = [sku for sku, _ in self.dense(text, self.depth)]
            ranked, why = reciprocal_rank_fusion([lexical, dense])[:limit], "BM25 and dense ranks fused."
        return TurnResult(products=[RankedProduct(sku, round(score, 6), [], why, self._payloads.get(sku, {}))
                                    for sku, score in ranked], understood={}, summary="")
