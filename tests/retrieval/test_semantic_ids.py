"""Semantic IDs: unique, hierarchical, extendable without retraining; the live-catalog prefix trie."""
from __future__ import annotations

import numpy as np
import pytest

from retrieval.semantic_ids import PrefixTrie, ResidualCodebooks, SemanticIdMap


def blobs(per_blob: int = 20, centres: int = 3, dim: int = 16, seed: int = 0) -> np.ndarray:
    """Well separated groups of items: the first level must keep each group together."""
    rng = np.random.default_rng(seed)
    anchors = np.eye(dim, dtype=np.float32)[:centres] * 5
    return np.concatenate([a + rng.normal(scale=0.3, size=(per_blob, dim)) for a in anchors]).astype(np.float32)


def test_every_product_gets_a_unique_four_part_id() -> None:
    embeddings = blobs()
    skus = [f"p{i}" for i in range(len(embeddings))]
    id_map = SemanticIdMap.build(skus, embeddings, sizes=(3, 4, 4), seed=0)
    codes = [id_map.ids[s] for s in skus]
    assert len(set(codes)) == len(skus)
    assert all(len(code) == 4 for code in codes)
    assert id_map.id_string("p0").startswith("<a_") and id_map.id_string("p0").count("><") == 3


def test_first_level_follows_the_structure_of_the_embeddings() -> None:
    embeddings = blobs()
    id_map = SemanticIdMap.build([f"p{i}" for i in range(60)], embeddings, sizes=(3, 4, 4), seed=0)
    first = [id_map.ids[f"p{i}"][0] for i in range(60)]
    groups = [set(first[g * 20:(g + 1) * 20]) for g in range(3)]
    assert all(len(group) == 1 for group in groups)
    assert len(set.union(*groups)) == 3


def test_identical_items_share_the_prefix_and_differ_in_the_disambiguation_code() -> None:
    embeddings = np.repeat(blobs(per_blob=1), 4, axis=0)
    id_map = SemanticIdMap.build([f"p{i}" for i in range(12)], embeddings, sizes=(3, 2, 2), seed=0)
    twins = [id_map.ids[f"p{i}"] for i in range(4)]
    assert len({code[:3] for code in twins}) == 1
    assert sorted(code[3] for code in twins) == [0, 1, 2, 3]


def test_building_is_deterministic_for_a_seed() -> None:
    embeddings = blobs()
    skus = [f"p{i}" for i in range(60)]
    assert SemanticIdMap.build(skus, embeddings, (3, 4, 4), seed=7).ids == \
        SemanticIdMap.build(skus, embeddings, (3, 4, 4), seed=7).ids


def test_new_product_gets_an_id_from_its_embedding_without_retraining() -> None:
    embeddings = blobs()
    id_map = SemanticIdMap.build([f"p{i}" for i in range(60)], embeddings, (3, 4, 4), seed=0, spare_disambiguation=1)
    before = dict(id_map.ids)
    vocabulary = id_map.vocabulary()
    new_code = id_map.assign("new", embeddings[0])
    assert id_map.ids == {**before, "new": new_code}
    assert new_code[:3] == tuple(id_map.codebooks.encode(embeddings[0])[0])
    assert new_code not in before.values()
    assert id_map.vocabulary() == vocabulary
    assert id_map.assign("p5", embeddings[40]) == before["p5"]


def test_a_full_cell_asks_for_retraining() -> None:
    embeddings = np.repeat(blobs(per_blob=1), 2, axis=0)
    id_map = SemanticIdMap.build([f"p{i}" for i in range(6)], embeddings, (3, 1, 1), seed=0, spare_disambiguation=0)
    with pytest.raises(ValueError, match="retrain"):
        id_map.assign("new", embeddings[0])


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError):
        SemanticIdMap.build([], np.zeros((0, 4), dtype=np.float32))
    with pytest.raises(ValueError, match="unique"):
        SemanticIdMap.build(["a", "a"], np.eye(2, dtype=np.float32))
    id_map = SemanticIdMap.build(["a", "b"], np.eye(2, dtype=np.float32), (2, 1, 1))
    with pytest.raises(ValueError, match="dimensions"):
        id_map.assign("c", np.ones(3, dtype=np.float32))


def test_save_and_load_round_trip(tmp_path) -> None:
    embeddings = blobs()
    id_map = SemanticIdMap.build([f"p{i}" for i in range(60)], embeddings, (3, 4, 4), seed=0)
    id_map.save(tmp_path)
    loaded = SemanticIdMap.load(tmp_path)
    assert loaded.ids == id_map.ids
    assert loaded.vocabulary() == id_map.vocabulary()
    assert loaded.assign("new", embeddings[3]) == id_map.assign("new", embeddings[3])


def test_residual_levels_reduce_the_quantisation_error() -> None:
    embeddings = blobs()
    books = ResidualCodebooks.fit(embeddings, (3, 4, 4), seed=0)
    codes = books.encode(embeddings)
    unit = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    errors = []
    reconstruction = np.zeros_like(unit)
    for level, table in enumerate(books.centroids):
        reconstruction = reconstruction + table[codes[:, level]]
        errors.append(float(((unit - reconstruction) ** 2).sum()))
    assert errors[0] > errors[1] > errors[2]


def test_trie_allows_only_live_paths_and_names_their_products() -> None:
    trie = PrefixTrie({"x": (1, 2, 3), "y": (1, 2, 4), "z": (5, 6, 7)})
    assert trie.allowed(()) == [1, 5]
    assert trie.allowed((1, 2)) == [3, 4]
    assert trie.allowed((1, 3)) == []
    assert trie.allowed((1, 2, 3)) == []
    assert trie.sku((1, 2, 4)) == "y" and trie.sku((1, 2)) is None
    with pytest.raises(ValueError, match="share"):
        PrefixTrie({"x": (1,), "y": (1,)})


def test_id_map_trie_covers_only_the_live_catalog() -> None:
    embeddings = blobs()
    id_map = SemanticIdMap.build([f"p{i}" for i in range(60)], embeddings, (3, 4, 4), seed=0)
    live = id_map.trie(["p1", "p2", "gone"])
    assert len(live) == 2
    assert live.sku(tuple(id_map.tokens(id_map.ids["p1"]))) == "p1"
    assert live.sku(tuple(id_map.tokens(id_map.ids["p3"]))) is None
    assert len(id_map.trie()) == 60
