"""The dialogue runner and its metrics (the same definitions as the shared ``bench/score.py``).

``DialogueEvaluator`` feeds each dialogue turn by turn through ``ConversationalRetriever.run`` — the chat's own code
path (or through ``baselines.BaselineRetriever`` for the baseline modes) — records the ranking and latency of every
turn, and scores the last turn: MRR, nDCG@1, Hits@10 and constraint precision@10, overall, by turn and by kind.
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from PIL import Image

from .records import ProductRecord
from .rerank import gender_fits
from .types import DialogueTurn, TurnResult


class TurnRunner(Protocol):
    """What the evaluator drives: ``ConversationalRetriever`` or a ``baselines.BaselineRetriever``."""

    def warm_up(self) -> None: ...

    def run(self, turns: Sequence[DialogueTurn], limit: int = 50, mode: str = "full") -> TurnResult: ...


@dataclass
class DialogueRun:
    id: str
    rankings: list[list[str]]
    latency_ms: list[float]

    def as_json(self) -> str:
        return json.dumps({"id": self.id, "rankings": self.rankings, "latency_ms": self.latency_ms})


def read_dialogues(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_turns(dialogue: dict, base_dir: Path) -> list[DialogueTurn]:
    """The dialogue's turns with their photos opened (paths are relative to the dialogues file)."""
    turns: list[DialogueTurn] = []
    for turn in dialogue["turns"]:
        image = None
        if turn.get("image"):
            with Image.open(base_dir / turn["image"]) as opened:
                image = opened.convert("RGB")
        turns.append(DialogueTurn(text=turn.get("text") or "", image=image,
                                  reference_sku=turn.get("reference_sku")))
    return turns


def run_dialogues(retriever: TurnRunner, dialogues: list[dict], base_dir: Path, mode: str,
                  limit: int = 50, progress: Callable[[Iterable[dict]], Iterable[dict]] = iter) -> Iterator[DialogueRun]:
    for dialogue in progress(dialogues):
        turns = load_turns(dialogue, base_dir)
        rankings: list[list[str]] = []
        latencies: list[float] = []
        for n in range(1, len(turns) + 1):
            started = time.perf_counter()
            result = retriever.run(turns[:n], limit=limit, mode=mode)
            latencies.append(round((time.perf_counter() - started) * 1000, 2))
            rankings.append([p.sku for p in result.products])
        yield DialogueRun(dialogue["id"], rankings, latencies)


def turn_metrics(ranking: list[str], relevant: Iterable[str], constraints: dict,
                 catalog: dict[str, ProductRecord]) -> dict[str, float]:
    relevant = set(relevant)
    rr = hit1 = hit10 = 0.0
    for position, sku in enumerate(ranking[:50]):
        if sku in relevant:
            rr, hit1, hit10 = 1.0 / (position + 1), float(position == 0), float(position < 10)
            break

    def fits(product: ProductRecord | None) -> bool:
        return (product is not None and product.article_type == constraints["articleType"]
                and product.colour == constraints["baseColour"]
                and gender_fits(constraints["gender"], product.gender))

    precision = sum(fits(catalog.get(sku)) for sku in ranking[:10]) / 10.0
    return {"mrr": rr, "ndcg1": hit1, "hits10": hit10, "cprec10": precision}


def score_runs(dialogues: list[dict], runs: dict[str, DialogueRun],
               catalog: dict[str, ProductRecord]) -> dict[str, object]:
    """Last-turn metrics overall and by kind, per-turn metrics, and latency percentiles (in percent / ms)."""
    last: dict[str, list[float]] = defaultdict(list)
    by_kind: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    by_turn: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    latencies: list[float] = []
    missing = 0
    for dialogue in dialogues:
        run = runs.get(dialogue["id"])
        if run is None or len(run.rankings) != len(dialogue["turns"]):
            missing += 1
            continue
        latencies.extend(run.latency_ms)
        for n, ranking in enumerate(run.rankings, 1):
            metrics = turn_metrics(ranking, dialogue["relevant"], dialogue["constraints"], catalog)
            for key, value in metrics.items():
                by_turn[n][key].append(value)
                if n == len(run.rankings):
                    last[key].append(value)
                    by_kind[dialogue.get("kind", "all")][key].append(value)

    def mean(values: list[float]) -> float:
        return round(100.0 * sum(values) / max(1, len(values)), 1)

    def percentile(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0

    return {
        "n": len(dialogues), "missing": missing,
        "last_turn": {k: mean(v) for k, v in last.items()},
        "by_kind": {kind: {k: mean(v) for k, v in m.items()} | {"n": len(m["mrr"])} for kind, m in by_kind.items()},
        "by_turn": {n: {k: mean(v) for k, v in m.items()} | {"n": len(m["mrr"])} for n, m in sorted(by_turn.items())},
        "latency_ms": {"p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95), "n": len(latencies)},
    }
