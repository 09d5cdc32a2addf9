"""``manage.py train_previewer``: train the catalog preview model (see ``genir/training.py``)."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from .train_image_encoder import catalog_records


class Command(BaseCommand):
    help = ("Train the GenIR preview model (a small text-conditioned diffusion UNet) on the catalog photos and save it "
            "where PREVIEWER_PATH points; then check it on held-out products. Products come from the database; "
            "while it holds none, from the demo catalog CSV (or the CSV given with --csv).")

    def add_arguments(self, parser: CommandParser) -> None:
        from genir.training import PreviewTrainingConfig

        defaults = PreviewTrainingConfig()
        parser.add_argument("--out", type=Path, default=Path(settings.PREVIEWER_PATH),
                            help="model folder (default: PREVIEWER_PATH)")
        parser.add_argument("--steps", type=int, default=defaults.steps)
        parser.add_argument("--max-minutes", type=float, default=defaults.max_seconds / 60,
                            help="wall-clock budget, data preparation included; the schedule anneals to fit it")
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--held-out", type=int, default=50,
                            help="products kept out of training and used for the quality check")
        parser.add_argument("--csv", type=Path, default=None,
                            help="train on a fashion-small style catalog.csv (photos in images/ beside it) "
                                 "instead of the database")
        parser.add_argument("--limit", type=int, default=None, help="train on the first N products only")

    def handle(self, *args: Any, **options: Any) -> None:
        from genir.evaluation import EncoderJudge, PixelJudge, evaluate_previews, split_held_out
        from genir.pipeline import CatalogPreviewPipeline
        from genir.previewers import CatalogPreviewer
        from genir.training import PreviewTrainingConfig, train_previewer
        from retrieval.encoders import load_image_encoder

        if options["steps"] < 1 or options["max_minutes"] <= 0:
            raise CommandError("--steps and --max-minutes must be positive")
        records = catalog_records(self, options["csv"])[: options["limit"]]
        training, held_out = split_held_out(records, options["held_out"], options["seed"])
        config = dataclasses.replace(PreviewTrainingConfig(), steps=options["steps"],
                                     max_seconds=options["max_minutes"] * 60, seed=options["seed"])
        try:
            result = train_previewer(training, options["out"], config)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"trained on {result.products} products, {result.steps} steps in {result.seconds:.0f} s (final loss "
            f"{result.final_loss:.4f}); saved to {result.out_dir}."))
        if held_out:
            previewer = CatalogPreviewer(CatalogPreviewPipeline.from_pretrained(result.out_dir))
            encoder = load_image_encoder(settings.IMAGE_ENCODER_PATH)
            judge = EncoderJudge(training, encoder.encode) if encoder is not None else PixelJudge(training)
            self.stdout.write(evaluate_previews(previewer, held_out, judge, result.out_dir).summary())
