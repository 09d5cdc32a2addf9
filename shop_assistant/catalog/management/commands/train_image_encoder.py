"""``manage.py train_image_encoder``: train the catalog image encoder (see ``retrieval/image_training.py``)."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from retrieval.records import ProductRecord, load_catalog_csv


class Command(BaseCommand):
    help = ("Train the image encoder on the catalog photos (shopper-photo invariance + alignment with the product "
            "text in the MiniLM space) and save it where IMAGE_ENCODER_PATH points. Products come from the database; "
            "while it holds none, from the demo catalog CSV (or the CSV given with --csv).")

    def add_arguments(self, parser: CommandParser) -> None:
        from retrieval.image_training import ImageTrainingConfig

        defaults = ImageTrainingConfig()
        parser.add_argument("--out", type=Path, default=Path(settings.IMAGE_ENCODER_PATH),
                            help="model folder (default: IMAGE_ENCODER_PATH)")
        parser.add_argument("--epochs", type=int, default=defaults.epochs)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--csv", type=Path, default=None,
                            help="train on a fashion-small style catalog.csv (photos in images/ beside it) "
                                 "instead of the database")
        parser.add_argument("--limit", type=int, default=None, help="train on the first N products only")

    def handle(self, *args: Any, **options: Any) -> None:
        from retrieval.image_training import ImageTrainingConfig, train_image_encoder

        if options["epochs"] < 1:
            raise CommandError("--epochs must be at least 1")
        if options["limit"] is not None and options["limit"] < 2:
            raise CommandError("--limit must be at least 2")
        records = catalog_records(self, options["csv"])[: options["limit"]]
        config = dataclasses.replace(ImageTrainingConfig(), epochs=options["epochs"], seed=options["seed"])
        try:
            result = train_image_encoder(records, options["out"], config)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"trained on {result.products} products in {result.seconds:.0f} s (final loss {result.final_loss:.3f}); "
            f"saved to {result.out_dir}. Run `manage.py reindex` to put image vectors into the index."))


def catalog_records(command: BaseCommand, csv_path: Path | None) -> list[ProductRecord]:
    """The products to train on: the database's active products, else the CSV (the demo catalog by default)."""
    if csv_path is None:
        try:
            records = _database_records()
        except DatabaseError as error:
            raise CommandError(f"cannot read products from the database ({error}); run `manage.py migrate` "
                               f"or pass --csv PATH") from error
        if records:
            return records
        csv_path = Path(settings.DEMO_CATALOG_DIR) / "catalog.csv"
        command.stderr.write(command.style.WARNING(
            f"the Product table holds no active products: training on the demo catalog {csv_path}"))
    if not csv_path.is_file():
        raise CommandError(f"catalog CSV not found: {csv_path}")
    return load_catalog_csv(csv_path)


def _database_records() -> list[ProductRecord]:
    from shop_assistant.catalog.models import Product
    from shop_assistant.catalog.search import product_record

    products = Product.objects.filter(active=True).prefetch_related("images").order_by("sku")
    return [product_record(product) for product in products]
