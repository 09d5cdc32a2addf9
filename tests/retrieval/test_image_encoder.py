"""Image side of the encoders: shopper-photo augmentation, the folder loader (trained tower, CLIP, SigLIP), training."""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Sequence

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from retrieval.augment import shopper_photo
from retrieval.encoders import ImageEncoder, get_image_encoder, load_image_encoder
from retrieval.artifacts import METADATA_FILE
from retrieval.image_training import ImageTrainingConfig, train_image_encoder
from retrieval.records import ProductRecord, load_catalog_csv

CATALOG_CSV = Path(__file__).resolve().parents[2] / "data" / "fashion-small" / "catalog.csv"
TINY_VISION = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
                   image_size=32, patch_size=8)


def _photo(seed: int, size: tuple[int, int] = (60, 80)) -> Image.Image:
    pixels = np.random.default_rng(seed).integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8)
    return Image.fromarray(pixels, "RGB")


def _assert_unit_rows(vectors: np.ndarray, rows: int, dim: int) -> None:
    assert vectors.shape == (rows, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def _fake_text_vectors(texts: Sequence[str]) -> np.ndarray:
    """Deterministic unit vectors per text, so training tests need not load MiniLM."""
    rows = []
    for text in texts:
        seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
        vector = np.random.default_rng(seed).normal(size=384)
        rows.append(vector / np.linalg.norm(vector))
    return np.asarray(rows, dtype=np.float32)


@pytest.mark.parametrize("size", [(60, 80), (300, 200)])
def test_shopper_photo_is_a_changed_rgb_photo_of_the_same_size(size: tuple[int, int]) -> None:
    original = Image.new("RGB", size, "white")
    original.paste((200, 30, 30), (size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4))
    rng = random.Random(0)
    photos = [shopper_photo(original, rng) for _ in range(8)]
    for photo in photos:
        assert photo.mode == "RGB"
        assert photo.size == size
    differences = [np.abs(np.asarray(p, dtype=np.int16) - np.asarray(original, dtype=np.int16)).mean() for p in photos]
    assert min(differences) > 1.0
    assert len({p.tobytes() for p in photos}) == len(photos)


def test_shopper_photo_is_reproducible_with_a_seed_and_accepts_other_modes() -> None:
    original = _photo(1).convert("L")
    first = shopper_photo(original, random.Random(7), size=(48, 64))
    second = shopper_photo(original, random.Random(7), size=(48, 64))
    assert first.mode == "RGB" and first.size == (48, 64)
    assert first.tobytes() == second.tobytes()


def test_loader_returns_none_without_a_model(tmp_path: Path) -> None:
    assert load_image_encoder(tmp_path / "missing") is None
    assert load_image_encoder(tmp_path) is None
    assert get_image_encoder(tmp_path) is None


def test_tiny_clip_checkpoint_is_a_drop_in(tmp_path: Path) -> None:
    from transformers import CLIPConfig, CLIPImageProcessorPil, CLIPModel

    text = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, vocab_size=64,
                bos_token_id=0, eos_token_id=1, pad_token_id=1)
    CLIPModel(CLIPConfig(vision_config=TINY_VISION, text_config=text, projection_dim=24)).save_pretrained(tmp_path)
    CLIPImageProcessorPil(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}).save_pretrained(tmp_path)

    encoder = load_image_encoder(tmp_path)
    assert encoder is not None and encoder.dim == 24
    vectors = encoder.encode([_photo(0), _photo(1), _photo(2).convert("RGBA")])
    _assert_unit_rows(vectors, 3, 24)
    assert not np.allclose(vectors[0], vectors[1])
    np.testing.assert_allclose(encoder.encode([_photo(1)])[0], vectors[1], atol=1e-5)


def test_tiny_siglip_checkpoint_is_a_drop_in(tmp_path: Path) -> None:
    from transformers import SiglipConfig, SiglipImageProcessorPil, SiglipModel

    text = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, vocab_size=64,
                max_position_embeddings=16)
    SiglipModel(SiglipConfig(vision_config=TINY_VISION, text_config=text)).save_pretrained(tmp_path)
    SiglipImageProcessorPil(size={"height": 32, "width": 32}).save_pretrained(tmp_path)

    encoder = load_image_encoder(tmp_path)
    assert encoder is not None and encoder.dim == 32
    _assert_unit_rows(encoder.encode([_photo(3), _photo(4)]), 2, 32)
    assert encoder.encode([]).shape == (0, 32)


def test_folder_without_an_image_model_is_a_clear_error(tmp_path: Path) -> None:
    from transformers import GPT2Config, GPT2Model

    GPT2Model(GPT2Config(n_embd=16, n_layer=1, n_head=2, vocab_size=32)).save_pretrained(tmp_path)
    with pytest.raises(ValueError, match="no supported image model"):
        load_image_encoder(tmp_path)


def test_one_epoch_on_32_products_saves_a_reloadable_encoder(tmp_path: Path) -> None:
    records = load_catalog_csv(CATALOG_CSV)[:32]
    config = ImageTrainingConfig(image_size=16, patch_size=8, hidden_size=32, num_layers=1, num_heads=2,
                                 epochs=1, batch_size=16)
    out = tmp_path / "image-encoder"
    result = train_image_encoder(records, out, config, embed_texts=_fake_text_vectors, show_progress=False)

    assert result.products == 32 and np.isfinite(result.final_loss)
    metadata = json.loads((out / METADATA_FILE).read_text())
    assert metadata["config"]["epochs"] == 1 and metadata["products"] == 32
    encoder = ImageEncoder.from_pretrained(out)
    assert encoder.dim == 384
    with Image.open(records[0].image_path) as photo:
        _assert_unit_rows(encoder.encode([photo, shopper_photo(photo, random.Random(0))]), 2, 384)
    assert [p.name for p in tmp_path.iterdir()] == ["image-encoder"]


def test_training_refuses_a_catalog_without_photos_and_writes_nothing(tmp_path: Path) -> None:
    records = [ProductRecord(sku="1", title="Red Shirt"), ProductRecord(sku="2", title="Blue Shirt",
                                                                        image_path=str(tmp_path / "gone.jpg"))]
    with pytest.raises(ValueError, match="at least 2 products with a photo"):
        train_image_encoder(records, tmp_path / "out", embed_texts=_fake_text_vectors, show_progress=False)
    assert list(tmp_path.iterdir()) == []


def test_command_rejects_a_missing_csv(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="catalog CSV not found"):
        call_command("train_image_encoder", "--csv", str(tmp_path / "none.csv"), "--out", str(tmp_path / "m"))
    assert not (tmp_path / "m").exists()
