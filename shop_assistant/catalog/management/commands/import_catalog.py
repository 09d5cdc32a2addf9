"""``manage.py import_catalog PATH [--images DIR] [--skip-invalid] [--demo-prices] [--no-sync]``."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Iterator

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from shop_assistant.catalog.importer import CatalogRejected, import_catalog


class Command(BaseCommand):
    help = ("Import products from a CSV or JSONL file (fashion-small catalog.csv columns or this app's field "
            "names). Every row is validated first; a file with bad rows is rejected and nothing is written.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--images", type=Path, default=None,
                            help="folder of product photos (default: an images/ folder next to the file)")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="import the good rows and list the skipped bad ones instead of rejecting the file")
        parser.add_argument("--demo-prices", action="store_true",
                            help="give rows without a price a generated demo price (fixed seed, labelled generated)")
        parser.add_argument("--no-sync", action="store_true",
                            help="leave changed products marked dirty instead of queuing the index sync "
                                 "(run `reindex` afterwards)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            report = import_catalog(options["path"], options["images"], skip_invalid=options["skip_invalid"],
                                    demo_prices=options["demo_prices"], sync_index=not options["no_sync"],
                                    progress=self._progress)
        except CatalogRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            hint = (f"; --skip-invalid would import the {rejected.good_rows} good row(s)"
                    if rejected.good_rows else "")
            raise CommandError(f"{options['path']} rejected: {len(rejected.errors)} problem(s), nothing was "
                               f"written{hint}") from None
        for error in report.skipped:
            self.stderr.write(f"skipped {error}")
        self.stdout.write(self.style.SUCCESS(
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.skipped)} skipped in {time.perf_counter() - started:.1f} s"))

    def _progress(self, items: Iterator[Any], total: int, description: str) -> Iterator[Any]:
        return iter(tqdm(items, total=total, desc=description, unit="row" if description == "validating" else
                         "batch", file=sys.stderr, disable=total < 2))
