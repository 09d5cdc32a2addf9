"""A stand-in retriever for chat tests: deterministic answers, and it remembers the dialogues it was asked."""
from __future__ import annotations

import threading
import time
from typing import Sequence

from retrieval.types import DialogueTurn, RankedProduct, TurnResult

CATALOG = {
    "1001": {"title": "Navy Blue Slim Shirt", "article_type": "Shirts", "colour": "Navy Blue", "gender": "Men",
             "price": 29.5, "currency": "EUR", "attributes": {}},
    "1002": {"title": "White Oxford Shirt", "article_type": "Shirts", "colour": "White", "gender": "Men",
             "price": None, "currency": "", "attributes": {}},
    "1003": {"title": "Black Running Shoes", "article_type": "Sports Shoes", "colour": "Black", "gender": "Women",
             "price": 80.0, "currency": "EUR", "attributes": {}},
}


class FakeRetriever:
    """Ranks the fake catalog by how many words of the last turn's text appear in a title; asks a follow-up
    question when the last turn has a single word. A last turn starting with "slow" takes ``delay_s`` (a stuck
    model, for time-limit tests)."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.calls: list[list[DialogueTurn]] = []
        self.batches: list[int] = []  # the size of each run_many call
        self.lock = threading.Lock()

    def warm_up(self) -> None:
        """Nothing to load."""

    def run_many(self, dialogues: Sequence[Sequence[DialogueTurn]], limit: int = 50) -> list[TurnResult]:
        with self.lock:
            self.batches.append(len(dialogues))
        return [self.run(turns, limit) for turns in dialogues]

    def run(self, turns: Sequence[DialogueTurn], limit: int = 50) -> TurnResult:
        with self.lock:
            self.calls.append(list(turns))
        if turns[-1].text.startswith("slow"):
            time.sleep(self.delay_s)
        words = set(turns[-1].text.lower().split())
        ranked = sorted(CATALOG, key=lambda sku: (-len(words & set(CATALOG[sku]["title"].lower().split())), sku))
        products = [
            RankedProduct(sku=sku, score=round(1.0 / rank, 4), matched=["colour"] if rank == 1 else [],
                          why=f"Fake rank {rank}.", payload={"sku": sku, **CATALOG[sku]})
            for rank, sku in enumerate(ranked[:limit], start=1)
        ]
        follow_up = "Who is it for: men, women, boys or girls?" if len(words) == 1 else None
        return TurnResult(products=products, understood={"free_words": sorted(words)},
                          summary=f"Looking for {' '.join(sorted(words)) or 'your photo'}: {len(products)} good "
                                  f"matches.", follow_up=follow_up, total_matches=len(products))
