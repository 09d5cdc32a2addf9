"""``manage.py evaluate_dialogues DIALOGUES.jsonl --out RESULTS.jsonl [--mode full|generative|dense|bm25|rrf]``.

Runs every dialogue turn by turn through the chat's own retriever (or, for ``bm25`` and ``rrf``, through the
baselines of ``retrieval.baselines`` over the same index) and writes one line per dialogue:
``{"id", "rankings": [[sku, ...] per turn], "latency_ms": [per turn]}``. When the dialogues carry targets it prints
the metrics of the shared ``bench/score.py`` (same definitions) at the end.
"""
from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from retrieval.baselines import BASELINE_MODES, BaselineRetriever
from retrieval.evaluation import TurnRunner, read_dialogues, run_dialogues, score_runs
from retrieval.pipeline import MODES, RetrievalError
from retrieval.records import ProductRecord

from ...retriever import get_retriever
from ...search import get_index


class Command(BaseCommand):
    help = "Run multi-turn shopping dialogues through the retriever and score them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dialogues", type=Path)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--mode", choices=MODES + BASELINE_MODES, default="full")
        parser.add_argument("--limit", type=int, default=50)

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["dialogues"]  # type: ignore[assignment]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            dialogues = read_dialogues(path)
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}: not JSON lines ({error})") from error
        retriever: TurnRunner
        if options["mode"] in BASELINE_MODES:
            from retrieval.encoders import get_text_encoder

            retriever = BaselineRetriever(get_index(), get_text_encoder())
        else:
            retriever = get_retriever()
        retriever.warm_up()
        runs = {}
        out: Path = options["out"]  # type: ignore[assignment]
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            try:
                for run in run_dialogues(retriever, dialogues, path.parent, options["mode"], options["limit"],
                                         progress=lambda items: tqdm(items, desc="dialogues", unit="dlg")):
                    runs[run.id] = run
                    handle.write(run.as_json() + "\n")
            except RetrievalError as error:
                raise CommandError(f"{error.code}: {error}") from error
        self.stdout.write(f"wrote {len(runs)} dialogues to {out}")
        if dialogues and all("relevant" in d and "constraints" in d for d in dialogues):
            catalog = {hit.sku: ProductRecord.from_payload(hit.payload) for hit in get_index().scroll()}
            self.stdout.write(json.dumps(score_runs(dialogues, runs, catalog), indent=1))
