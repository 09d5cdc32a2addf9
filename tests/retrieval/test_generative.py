"""The generative retriever with tiny models built from config: training, saving, reloading, constrained decoding."""
from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from retrieval.generative import (QWEN_VISION, GenerativeRetriever, ModelSize, TrainingConfig, build_llava,
                                  load_generative_retriever, llava_processor, qwen2_vl_processor, train,
                                  train_tokenizer)
from retrieval.records import ProductRecord, load_catalog_csv
from retrieval.semantic_ids import SemanticIdMap

DEMO_CSV = Path(__file__).resolve().parents[2] / "data" / "fashion-small" / "catalog.csv"
TINY = ModelSize(vocab_size=400, text_hidden=32, text_layers=1, text_heads=2, text_kv_heads=1, vision_hidden=32,
                 vision_layers=1, vision_heads=2, image_size=32, patch_size=16)


class HashingTextEncoder:
    """Bag-of-words vectors: stands in for MiniLM so the tests stay fast and deterministic."""

    dim = 32

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in zip(rows, texts):
            for word in text.lower().split():
                row[zlib.crc32(word.encode()) % self.dim] += 1
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def assert_same_beams(got: list[tuple[str, float]], expected: list[tuple[str, float]]) -> None:
    """Same products in the same order; scores equal up to the device's float rounding (a reload may land on a GPU)."""
    assert [sku for sku, _ in got] == [sku for sku, _ in expected]
    assert [score for _, score in got] == pytest.approx([score for _, score in expected], rel=1e-4, abs=1e-5)


@pytest.fixture(scope="module")
def records() -> list[ProductRecord]:
    return [r for r in load_catalog_csv(DEMO_CSV) if r.image_path][:40]


@pytest.fixture(scope="module")
def trained(records, tmp_path_factory) -> tuple[GenerativeRetriever, Path]:
    folder = tmp_path_factory.mktemp("retriever")
    config = TrainingConfig(dialogues_per_product=2, batch_size=16, warmup_steps=2, id_levels=(3, 3, 3), size=TINY)
    return train(records, folder, config, text_encoder=HashingTextEncoder()), folder


def photo(record: ProductRecord) -> Image.Image:
    with Image.open(record.image_path) as image:
        return image.convert("RGB")


def test_training_saves_a_model_that_reloads_and_generates_the_same(trained, records) -> None:
    retriever, folder = trained
    meta = json.loads((folder / "retriever.json").read_text())
    assert meta["family"] == "llava" and meta["training"]["batches_done"] == meta["training"]["batches_planned"] > 0
    reloaded = load_generative_retriever(folder)
    assert reloaded is not None
    for text, image in (("black shirt for men", None), ("this one", photo(records[0]))):
        assert_same_beams(reloaded.generate(text, image, num_beams=5), retriever.generate(text, image, num_beams=5))


def test_beams_are_distinct_live_products_best_first(trained, records) -> None:
    retriever, _ = trained
    beams = retriever.generate("women's red handbag", None, num_beams=10)
    skus = [sku for sku, _ in beams]
    scores = [score for _, score in beams]
    assert 1 <= len(beams) <= 10 and len(set(skus)) == len(skus)
    assert set(skus) <= {r.sku for r in records}
    assert scores == sorted(scores, reverse=True) and all(s <= 0 for s in scores)


def test_a_batch_of_queries_decodes_as_each_query_alone(trained) -> None:
    retriever, _ = trained
    texts = ["red", "women's red handbag with a long strap", "black shirt for men"]  # unequal lengths: padded
    batched = retriever.generate_many(texts, num_beams=6)
    assert len(batched) == len(texts)
    for text, beams in zip(texts, batched):
        assert_same_beams(beams, retriever.generate(text, None, num_beams=6))
    with pytest.raises(ValueError):
        retriever.generate_many(["shirt", " "])


def test_set_live_skus_restricts_every_output(records, tmp_path) -> None:
    retriever = load_generative_retriever(_copy_of_trained(records, tmp_path))
    live = [records[3].sku, records[7].sku, records[11].sku]
    retriever.set_live_skus(live + ["not-in-catalog"])
    for text, image in (("blue jeans", None), ("find this", photo(records[5]))):
        beams = retriever.generate(text, image, num_beams=20)
        assert sorted(sku for sku, _ in beams) == sorted(live)
    retriever.set_live_skus([])
    assert retriever.generate("blue jeans", None) == []
    retriever.set_live_skus(None)
    assert len(retriever.generate("blue jeans", None, num_beams=40)) == len(records)


def test_new_product_is_generated_without_retraining(records, tmp_path) -> None:
    retriever = load_generative_retriever(_copy_of_trained(records, tmp_path))
    retriever.set_live_skus([records[0].sku])
    embedding = HashingTextEncoder().encode([records[0].document()])[0]
    new_id = retriever.add_product("NEW-1", embedding)
    assert new_id.startswith("<a_") and new_id != retriever.id_map.id_string(records[0].sku)
    assert sorted(sku for sku, _ in retriever.generate("anything", None, num_beams=5)) == sorted(
        ["NEW-1", records[0].sku])


def test_empty_queries_are_rejected(trained) -> None:
    with pytest.raises(ValueError, match="text or an image"):
        trained[0].generate("  ", None)


def test_no_model_yet_means_none(tmp_path) -> None:
    assert load_generative_retriever(tmp_path) is None


def test_empty_catalog_cannot_be_trained(tmp_path) -> None:
    with pytest.raises(ValueError, match="empty"):
        train([], tmp_path, text_encoder=HashingTextEncoder())


def _copy_of_trained(records: list[ProductRecord], folder: Path) -> Path:
    """A saved retriever of its own for tests that change the live catalog (untrained weights suffice)."""
    embeddings = HashingTextEncoder().encode([r.document() for r in records])
    id_map = SemanticIdMap.build([r.sku for r in records], embeddings, (3, 3, 3), seed=0)
    tokenizer = train_tokenizer([r.document() for r in records], TINY.vocab_size)
    tokenizer.add_tokens(id_map.vocabulary(), special_tokens=True)
    tokenizer.padding_side = "left"
    model = build_llava(tokenizer, TINY)
    GenerativeRetriever(model, llava_processor(tokenizer, TINY.image_size, TINY.patch_size), id_map).save(folder)
    return folder


def test_base_checkpoint_without_id_tokens_gets_them_added(records, tmp_path) -> None:
    embeddings = HashingTextEncoder().encode([r.document() for r in records])
    id_map = SemanticIdMap.build([r.sku for r in records], embeddings, (3, 3, 3), seed=0)
    tokenizer = train_tokenizer([r.document() for r in records], TINY.vocab_size)
    tokenizer.padding_side = "left"
    base = build_llava(tokenizer, TINY)
    processor = llava_processor(tokenizer, TINY.image_size, TINY.patch_size)
    base.save_pretrained(tmp_path)
    processor.save_pretrained(tmp_path)
    retriever = GenerativeRetriever.from_pretrained(tmp_path, id_map=id_map)
    assert retriever.model.get_input_embeddings().num_embeddings == len(retriever.tokenizer) > TINY.vocab_size
    assert {sku for sku, _ in retriever.generate("shirt", photo(records[1]), num_beams=4)} <= set(id_map.ids)


def test_qwen2_vl_builds_from_config_saves_reloads_and_generates(records, tmp_path) -> None:
    from transformers import Qwen2VLConfig, Qwen2VLForConditionalGeneration

    embeddings = HashingTextEncoder().encode([r.document() for r in records])
    id_map = SemanticIdMap.build([r.sku for r in records], embeddings, (3, 3, 3), seed=0)
    tokenizer = train_tokenizer([r.document() for r in records], 300, QWEN_VISION)
    tokenizer.add_tokens(id_map.vocabulary(), special_tokens=True)
    tokenizer.padding_side = "left"
    token = tokenizer.convert_tokens_to_ids
    config = Qwen2VLConfig(
        text_config=dict(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=1, bos_token_id=None,
                         pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                         rope_parameters={"rope_type": "default", "mrope_section": [2, 3, 3], "rope_theta": 1e4}),
        vision_config=dict(depth=1, embed_dim=32, hidden_size=32, num_heads=2, patch_size=14, spatial_merge_size=2,
                           temporal_patch_size=2, mlp_ratio=2),
        image_token_id=token(QWEN_VISION[1]), video_token_id=token(QWEN_VISION[3]),
        vision_start_token_id=token(QWEN_VISION[0]), vision_end_token_id=token(QWEN_VISION[2]))
    retriever = GenerativeRetriever(Qwen2VLForConditionalGeneration(config), qwen2_vl_processor(tokenizer), id_map)
    retriever.save(tmp_path)
    reloaded = GenerativeRetriever.from_pretrained(tmp_path)
    assert type(reloaded.model).__name__ == "Qwen2VLForConditionalGeneration"
    image = photo(records[2])
    beams = reloaded.generate("like this but in blue", image, num_beams=6)
    assert_same_beams(beams, retriever.generate("like this but in blue", image, num_beams=6))
    assert len(beams) == 6 and {sku for sku, _ in beams} <= set(id_map.ids)
    reloaded.set_live_skus([records[0].sku])
    assert [sku for sku, _ in reloaded.generate("blue", None)] == [records[0].sku]
