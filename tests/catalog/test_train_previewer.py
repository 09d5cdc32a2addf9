"""``manage.py train_previewer`` trains on the database's products, saves a loadable previewer and checks it on
held-out products (a couple of steps here: the command's plumbing, not the model's quality)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from genir.previewers import CatalogPreviewer, PreviewRequest, load_previewer

pytestmark = pytest.mark.django_db


def test_command_trains_saves_and_checks_held_out_products(small_catalog: Path, demo_images: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]):
    call_command("import_catalog", str(small_catalog), "--images", str(demo_images), "--no-sync")
    out = tmp_path / "previewer"
    call_command("train_previewer", "--steps", "2", "--held-out", "4", "--out", str(out))

    printed = capsys.readouterr().out
    assert "trained on 20 products, 2 steps" in printed and "held-out check on 4 products" in printed
    assert json.loads((out / "training.json").read_text())["products"] == 20
    assert len(json.loads((out / "evaluation.json").read_text())["prompts"]) == 4
    previewer = load_previewer(out)
    assert isinstance(previewer, CatalogPreviewer)
    assert previewer.render(PreviewRequest(prompt="Men Navy Blue Shirts", seed=0)).size == (144, 192)


def test_command_refuses_bad_budgets(tmp_path: Path):
    with pytest.raises(CommandError, match="must be positive"):
        call_command("train_previewer", "--steps", "0", "--out", str(tmp_path / "previewer"))
