"""``manage.py train_retriever``: train the generative retriever on the catalog and save it where the app loads it."""
from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

if TYPE_CHECKING:
    from retrieval.records import ProductRecord


class Command(BaseCommand):
    help = ("Train the generative retriever (semantic IDs, synthetic dialogues, a small LLaVA) on the active products "
            "of the database, or on a catalog CSV when the database has none; seeded, with a progress bar.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default=settings.RETRIEVER_PATH, help="folder to save the model (RETRIEVER_PATH)")
        parser.add_argument("--csv", default=None,
                            help="train on this fashion-small catalog.csv instead of the database")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--dialogues-per-product", type=int, default=None)
        parser.add_argument("--time-limit", type=float, default=None,
                            help="stop training after this many seconds in all (default 660)")
        parser.add_argument("--threads", type=int, default=1,
                            help="torch CPU threads; 1 is fastest on a small machine shared with other workers")

    def handle(self, *args: Any, **options: Any) -> None:
        import torch

        from retrieval.encoders import load_image_encoder
        from retrieval.generative import TrainingConfig, train

        torch.set_num_threads(max(1, options["threads"]))
        records = self._records(options["csv"])
        if not records:
            raise CommandError("the catalog is empty: import products (or pass --csv) before training the retriever")
        defaults = TrainingConfig()
        config = TrainingConfig(
            seed=options["seed"],
            dialogues_per_product=options["dialogues_per_product"] or defaults.dialogues_per_product,
            time_limit_s=options["time_limit"] if options["time_limit"] is not None else defaults.time_limit_s)
        image_encoder = load_image_encoder(settings.IMAGE_ENCODER_PATH)
        self.stdout.write(f"training on {len(records)} products "
                          f"({'text and image' if image_encoder else 'text'} embeddings for semantic IDs)")
        started = time.perf_counter()
        retriever = train(records, Path(options["out"]), config, image_encoder=image_encoder,
                          vision_tower_path=settings.IMAGE_ENCODER_PATH)
        self.stdout.write(self.style.SUCCESS(
            f"saved the generative retriever ({len(retriever.id_map.ids)} semantic IDs) to {options['out']} "
            f"in {time.perf_counter() - started:.0f} s"))

    @staticmethod
    def _records(csv_path: str | None) -> list["ProductRecord"]:
        from retrieval.records import load_catalog_csv

        if csv_path:
            if not Path(csv_path).is_file():
                raise CommandError(f"no catalog CSV at {csv_path}")
            return load_catalog_csv(csv_path)
        from shop_assistant.catalog.models import Product
        from shop_assistant.catalog.search import product_record

        try:
            products = list(Product.objects.filter(active=True).prefetch_related("images").order_by("sku"))
        except DatabaseError as error:
            raise CommandError(f"cannot read the products ({error}); run migrate, or pass --csv") from error
        if products:
            return [product_record(p) for p in products]
        return load_catalog_csv(Path(settings.DEMO_CATALOG_DIR) / "catalog.csv")
