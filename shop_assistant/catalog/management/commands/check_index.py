"""``manage.py check_index``: compare the index with the database; exit status 1 when they disagree."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shop_assistant.catalog.consistency import compare_index


class Command(BaseCommand):
    help = ("Report active products missing from the index, stale in it (content differs from the database) "
            "and points of products that are gone or inactive. Fix with `reindex`.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--show", type=int, default=20, help="SKUs to list per kind of problem")

    def handle(self, *args: Any, **options: Any) -> None:
        report = compare_index()
        for label, skus in (("missing from the index", report.missing), ("stale in the index", report.stale),
                            ("in the index but not an active product", report.orphaned)):
            if skus:
                shown = ", ".join(skus[:options["show"]]) + (" ..." if len(skus) > options["show"] else "")
                self.stdout.write(f"{len(skus)} {label}: {shown}")
        if not report.consistent:
            raise CommandError(f"index inconsistent ({report.checked} products checked): run `manage.py reindex`")
        self.stdout.write(self.style.SUCCESS(f"index consistent: {report.checked} active products indexed"))
