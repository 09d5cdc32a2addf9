"""The catalog preview model end to end on tiny configs: train a few steps, save, reload, render."""
from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from genir.evaluation import EncoderJudge, PixelJudge, evaluate_previews, split_held_out
from genir.pipeline import CatalogPreviewPipeline
from genir.previewers import (CatalogPreviewer, PreviewError, PreviewRequest, get_previewer, load_previewer,
                              load_reference)
from genir.prompts import intent_prompt, record_prompts
from genir.training import train_previewer
from retrieval.records import ProductRecord, load_catalog_csv


@pytest.fixture
def tiny_records(small_catalog: Path, demo_images: Path) -> list[ProductRecord]:
    return load_catalog_csv(small_catalog, demo_images)[:6]


@pytest.fixture
def trained_folder(tiny_records, tiny_preview_config, hashed_text_embedder, tmp_path: Path) -> Path:
    out = tmp_path / "previewer"
    result = train_previewer(tiny_records, out, tiny_preview_config, embed_texts=hashed_text_embedder,
                             show_progress=False)
    assert result.steps == tiny_preview_config.steps and result.products == len(tiny_records)
    return out


@pytest.fixture
def previewer(trained_folder: Path, hashed_text_embedder) -> CatalogPreviewer:
    return CatalogPreviewer(CatalogPreviewPipeline.from_pretrained(trained_folder, hashed_text_embedder), steps=4,
                            display_height=16)


def test_training_saves_a_reloadable_pipeline(trained_folder: Path, tiny_preview_config, hashed_text_embedder):
    metadata = json.loads((trained_folder / "training.json").read_text())
    assert metadata["steps"] == tiny_preview_config.steps and not metadata["stopped_by_time_limit"]
    assert json.loads((trained_folder / "model_index.json").read_text())["_class_name"] == "CatalogPreviewPipeline"
    pipeline = CatalogPreviewPipeline.from_pretrained(trained_folder, hashed_text_embedder)
    assert pipeline.size == (tiny_preview_config.height, tiny_preview_config.width)
    assert type(pipeline.scheduler).__name__ == "DDIMScheduler"


def test_retraining_replaces_the_folder_only_when_it_succeeds(trained_folder: Path, tiny_records,
                                                             tiny_preview_config, hashed_text_embedder):
    before = (trained_folder / "unet" / "config.json").read_text()
    with pytest.raises(ValueError, match="at least 2 products"):
        train_previewer(tiny_records[:1], trained_folder, tiny_preview_config, embed_texts=hashed_text_embedder,
                        show_progress=False)
    assert (trained_folder / "unet" / "config.json").read_text() == before


def test_same_request_renders_the_same_picture(previewer: CatalogPreviewer):
    request = PreviewRequest(prompt="Men Navy Blue Shirts", seed=7)
    first = np.asarray(previewer.render(request))
    assert first.shape == (16, 16, 3)
    assert np.array_equal(first, np.asarray(previewer.render(request)))
    assert not np.array_equal(first, np.asarray(previewer.render(dataclasses.replace(request, seed=8))))
    assert not np.array_equal(first, np.asarray(previewer.render(dataclasses.replace(request, prompt="Watches"))))


def test_progress_callback_reports_every_step(previewer: CatalogPreviewer):
    steps: list[tuple[int, int]] = []
    previewer.render(PreviewRequest(prompt="Women White Casual Shoes", seed=1), lambda s, n: steps.append((s, n)))
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_image_to_image_starts_from_the_reference(previewer: CatalogPreviewer, tiny_records):
    reference = load_reference(tiny_records[0].image_path)
    steps: list[tuple[int, int]] = []
    request = PreviewRequest(prompt="Red Tshirts", seed=3, reference=reference, strength=0.25)
    edited = previewer.render(request, lambda s, n: steps.append((s, n)))
    assert steps == [(1, 1)]
    drawn = previewer.render(PreviewRequest(prompt="Red Tshirts", seed=3))
    target = np.asarray(reference.resize(edited.size), dtype=np.float32)
    distance = lambda image: np.abs(np.asarray(image, dtype=np.float32) - target).mean()  # noqa: E731
    assert distance(edited) < distance(drawn)


def test_bad_requests_get_clear_errors(tmp_path: Path):
    with pytest.raises(PreviewError, match="prompt is empty") as empty:
        PreviewRequest(prompt="  ", seed=1)
    assert empty.value.code == "empty_prompt"
    with pytest.raises(PreviewError) as strength:
        PreviewRequest(prompt="shirt", seed=1, strength=0)
    assert strength.value.code == "invalid_strength"
    with pytest.raises(PreviewError, match="cannot be read") as unreadable:
        load_reference(io.BytesIO(b"not an image"))
    assert unreadable.value.code == "unreadable_reference"
    with pytest.raises(PreviewError) as missing:
        load_reference(tmp_path / "missing.jpg")
    assert missing.value.code == "unreadable_reference"


def test_loading_needs_a_known_model_folder(tmp_path: Path):
    assert load_previewer(tmp_path / "nothing-here") is None
    assert get_previewer(tmp_path / "nothing-here") is None
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "model_index.json").write_text(json.dumps({"_class_name": "FluxPipeline"}))
    with pytest.raises(ValueError, match="not a supported previewer"):
        load_previewer(tmp_path / "odd")


def test_prompts_share_one_wording_between_training_and_chat(tiny_records):
    understood = {"gender": "Men", "colours": ["Navy Blue"], "article_types": ["Shirts"], "usage": None,
                  "name_words": ["check"], "free_words": ["check", "slim"]}
    assert intent_prompt(understood) == "Men Navy Blue Shirts check slim"
    assert intent_prompt({}) == ""
    full, short, partial = record_prompts(tiny_records[0])
    record = tiny_records[0]
    assert short == f"{record.gender} {record.colour} {record.article_type}"
    assert partial == f"{record.colour} {record.article_type}" and full.startswith(short)


def test_a_request_reads_its_reference_from_a_file(tmp_path: Path):
    path = tmp_path / "ref.png"
    Image.new("RGB", (6, 8), (200, 10, 10)).save(path)
    with path.open("rb") as handle:
        assert load_reference(handle).getpixel((0, 0)) == (200, 10, 10)


def test_held_out_check_reports_agreement_and_writes_a_grid(previewer: CatalogPreviewer, small_catalog: Path,
                                                            demo_images: Path, tmp_path: Path):
    records = load_catalog_csv(small_catalog, demo_images)
    training, held_out = split_held_out(records, 4, seed=0)
    assert len(held_out) == 4 and not {r.sku for r in held_out} & {r.sku for r in training}
    assert split_held_out(records, 4, seed=0) == (training, held_out)
    quality = evaluate_previews(previewer, held_out, PixelJudge(training), tmp_path)
    assert quality.products == 4 and quality.seconds_per_preview > 0
    assert all(0 <= share <= 1 for share in quality.previews + quality.chance)
    assert quality.photos[1] >= 0.5  # the judge itself recognises most real photos' shape
    report = json.loads((tmp_path / "evaluation.json").read_text())
    assert len(report["preview_votes"]) == 4
    with Image.open(tmp_path / "held-out-previews.png") as grid:
        assert grid.size == (10 * 16, 2 * 16)
    assert "held-out check on 4 products" in quality.summary() and "shape" in quality.summary()


def test_encoder_judge_votes_with_the_nearest_photos(small_catalog: Path, demo_images: Path):
    records = [r for r in load_catalog_csv(small_catalog, demo_images) if r.image_path]

    def embed(images):  # a stand-in encoder: normalised small pixels
        rows = np.stack([np.asarray(image.convert("RGB").resize((6, 8)), dtype=np.float32).ravel()
                         for image in images])
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    target = records[0]
    judge = EncoderJudge([target] * 5 + [r for r in records if r is not target], embed)
    with Image.open(target.image_path) as photo:
        assert judge.judge(photo) == (target.article_type, target.sub_category, target.colour)
    assert "image encoder" in judge.name
