"""``manage.py reindex``: rebuild the product index from the database, the source of truth."""
from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from shop_assistant.catalog.indexing import rebuild_index
from shop_assistant.catalog.models import Product


class Command(BaseCommand):
    help = "Drop and rebuild the product index from the database (active products only), with a progress bar."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        with tqdm(total=Product.objects.count(), desc="indexing", unit="product", file=sys.stderr) as bar:
            indexed = rebuild_index(on_progress=bar.update)
        self.stdout.write(self.style.SUCCESS(
            f"indexed {indexed} active products in {time.perf_counter() - started:.1f} s"))
