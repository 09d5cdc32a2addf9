"""Semantic IDs: every product named by a short path of codes learned from its embedding.

A product's ID is ``<a_i><b_j><c_k><d_m>``: three levels of residual k-means codes (level one clusters the item
embeddings, each later level clusters what the earlier levels left unexplained), so products that share a prefix are
alike and a generator can learn the coarse codes from what a shopper says. Products whose three codes collide get
distinct disambiguation codes ``<d_m>``, so every ID names exactly one product.

New products get an ID from their embedding alone (nearest centroid per level, then the first free ``<d_m>``), so the
ID vocabulary never changes between retrainings. ``PrefixTrie`` holds the IDs of the *live* catalog for constrained
decoding; it is rebuilt whenever products appear or disappear.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Hashable, Iterable, Mapping, Sequence, TypeVar

import numpy as np

LEVEL_PREFIXES = ("a", "b", "c")
DISAMBIGUATION_PREFIX = "d"
CODEBOOK_FILE = "semantic_codebooks.npz"
ID_MAP_FILE = "semantic_ids.json"

Code = tuple[int, ...]
Token = TypeVar("Token", bound=Hashable)
Other = TypeVar("Other", bound=Hashable)


def code_token(prefix: str, index: int) -> str:
    return f"<{prefix}_{index}>"


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def kmeans(points: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 25) -> np.ndarray:
    """Lloyd's k-means with k-means++ seeding; returns ``(k, dim)`` centroids (fewer points than k: all points)."""
    n = points.shape[0]
    if n <= k:
        padded = np.zeros((k, points.shape[1]), dtype=np.float32)
        padded[:n] = points
        return padded
    centroids = np.empty((k, points.shape[1]), dtype=np.float32)
    centroids[0] = points[rng.integers(n)]
    closest = ((points - centroids[0]) ** 2).sum(axis=1)
    for i in range(1, k):
        total = closest.sum()
        choice = rng.choice(n, p=closest / total) if total > 0 else rng.integers(n)
        centroids[i] = points[choice]
        closest = np.minimum(closest, ((points - centroids[i]) ** 2).sum(axis=1))
    for _ in range(iterations):
        labels = _nearest(points, centroids)
        for i in range(k):
            members = points[labels == i]
            if len(members):
                centroids[i] = members.mean(axis=0)
            else:  # an empty cluster takes the point worst served by the current centroids
                distances = ((points - centroids[labels]) ** 2).sum(axis=1)
                centroids[i] = points[int(distances.argmax())]
    return centroids


def _nearest(points: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    distances = (points ** 2).sum(axis=1, keepdims=True) - 2 * points @ centroids.T + (centroids ** 2).sum(axis=1)
    return distances.argmin(axis=1)


@dataclass
class ResidualCodebooks:
    """One centroid table per level; level ``l`` quantises the residual left by levels ``< l``."""

    centroids: list[np.ndarray]

    @classmethod
    def fit(cls, embeddings: np.ndarray, sizes: Sequence[int], seed: int) -> "ResidualCodebooks":
        rng = np.random.default_rng(seed)
        residual = _normalise(embeddings.astype(np.float32))
        tables: list[np.ndarray] = []
        for size in sizes:
            table = kmeans(residual, size, rng)
            residual = residual - table[_nearest(residual, table)]
            tables.append(table)
        return cls(tables)

    def encode(self, embeddings: np.ndarray) -> np.ndarray:
        """``(n, levels)`` codes: the nearest centroid per level, on the residual of the levels before."""
        residual = _normalise(np.atleast_2d(embeddings).astype(np.float32))
        codes = np.empty((residual.shape[0], len(self.centroids)), dtype=np.int64)
        for level, table in enumerate(self.centroids):
            codes[:, level] = _nearest(residual, table)
            residual = residual - table[codes[:, level]]
        return codes

    @property
    def sizes(self) -> list[int]:
        return [table.shape[0] for table in self.centroids]

    @property
    def dim(self) -> int:
        return self.centroids[0].shape[1]


@dataclass
class SemanticIdMap:
    """SKU <-> semantic ID, with the codebooks that assign IDs to products the model has not seen."""

    codebooks: ResidualCodebooks
    disambiguation_size: int
    ids: dict[str, Code] = field(default_factory=dict)

    @classmethod
    def build(cls, skus: Sequence[str], embeddings: np.ndarray, sizes: Sequence[int] = (32, 32, 32),
              seed: int = 0, spare_disambiguation: int = 32) -> "SemanticIdMap":
        """Fit the codebooks on the catalog and give every product a unique ID.

        The disambiguation vocabulary is the largest collision group plus ``spare_disambiguation`` free slots, so new
        products that land in a crowded cell still get an ID without a new token.
        """
        if len(skus) != embeddings.shape[0]:
            raise ValueError(f"{len(skus)} SKUs but {embeddings.shape[0]} embeddings")
        if len(set(skus)) != len(skus):
            raise ValueError("SKUs must be unique to get semantic IDs")
        if not skus:
            raise ValueError("cannot build semantic IDs for an empty catalog")
        codebooks = ResidualCodebooks.fit(embeddings, sizes, seed)
        prefixes = [tuple(int(c) for c in row) for row in codebooks.encode(embeddings)]
        counts: dict[Code, int] = {}
        for prefix in prefixes:
            counts[prefix] = counts.get(prefix, 0) + 1
        id_map = cls(codebooks, max(counts.values()) + spare_disambiguation)
        for sku, prefix in zip(skus, prefixes):
            id_map._place(sku, prefix)
        return id_map

    def __post_init__(self) -> None:
        self._slots: dict[Code, set[int]] = {}
        for code in self.ids.values():
            self._slots.setdefault(code[:-1], set()).add(code[-1])

    def _place(self, sku: str, prefix: Code) -> Code:
        taken = self._slots.setdefault(prefix, set())
        slot = next((i for i in range(self.disambiguation_size) if i not in taken), None)
        if slot is None:
            raise ValueError(f"no free disambiguation code left for SKU {sku} under "
                             f"{''.join(self.tokens(prefix))}; retrain the retriever to rebuild the semantic IDs")
        taken.add(slot)
        self.ids[sku] = prefix + (slot,)
        return self.ids[sku]

    def assign(self, sku: str, embedding: np.ndarray) -> Code:
        """The ID of a product, giving a new one an ID from its embedding (an existing product keeps its ID)."""
        if sku in self.ids:
            return self.ids[sku]
        if embedding.shape[-1] != self.codebooks.dim:
            raise ValueError(f"embedding has {embedding.shape[-1]} dimensions, the codebooks {self.codebooks.dim}")
        prefix = tuple(int(c) for c in self.codebooks.encode(embedding)[0])
        return self._place(sku, prefix)

    def vocabulary(self) -> list[str]:
        """Every code token the model needs, in a stable order."""
        tokens = [code_token(prefix, i) for prefix, size in zip(LEVEL_PREFIXES, self.codebooks.sizes)
                  for i in range(size)]
        return tokens + [code_token(DISAMBIGUATION_PREFIX, i) for i in range(self.disambiguation_size)]

    @staticmethod
    def tokens(code: Code) -> list[str]:
        prefixes = LEVEL_PREFIXES + (DISAMBIGUATION_PREFIX,)
        return [code_token(prefix, int(value)) for prefix, value in zip(prefixes, code)]

    def id_string(self, sku: str) -> str:
        return "".join(self.tokens(self.ids[sku]))

    def trie(self, live_skus: Iterable[str] | None = None) -> "PrefixTrie[str]":
        """A trie of the code tokens of ``live_skus`` (every known SKU when None); unknown SKUs are skipped."""
        skus = self.ids.keys() if live_skus is None else [s for s in live_skus if s in self.ids]
        return PrefixTrie({sku: tuple(self.tokens(self.ids[sku])) for sku in skus})

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(folder / CODEBOOK_FILE, *self.codebooks.centroids)
        data = {"disambiguation_size": self.disambiguation_size, "ids": {s: list(c) for s, c in self.ids.items()}}
        (folder / ID_MAP_FILE).write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> "SemanticIdMap":
        folder = Path(folder)
        with np.load(folder / CODEBOOK_FILE) as tables:
            centroids = [tables[f"arr_{i}"] for i in range(len(tables.files))]
        data = json.loads((folder / ID_MAP_FILE).read_text(encoding="utf-8"))
        return cls(ResidualCodebooks(centroids), int(data["disambiguation_size"]),
                   {sku: tuple(code) for sku, code in data["ids"].items()})

    @staticmethod
    def exists(folder: str | Path) -> bool:
        return (Path(folder) / CODEBOOK_FILE).exists() and (Path(folder) / ID_MAP_FILE).exists()



class PrefixTrie(Generic[Token]):
    """Token paths of the live products: which tokens may follow a prefix, and which product a full path names."""

    def __init__(self, paths: Mapping[str, Sequence[Token]]) -> None:
        self._children: dict[tuple[Token, ...], set[Token]] = {}
        self._leaves: dict[tuple[Token, ...], str] = {}
        for sku, path in paths.items():
            path = tuple(path)
            if path in self._leaves:
                raise ValueError(f"SKUs {self._leaves[path]} and {sku} share the ID {path}")
            for depth in range(len(path)):
                self._children.setdefault(path[:depth], set()).add(path[depth])
            self._leaves[path] = sku
        self._sorted = {prefix: sorted(children, key=str) for prefix, children in self._children.items()}

    def __len__(self) -> int:
        return len(self._leaves)

    def allowed(self, prefix: Sequence[Token]) -> list[Token]:
        """Tokens that continue ``prefix`` towards a live product; empty at a leaf or off the trie."""
        return self._sorted.get(tuple(prefix), [])

    def sku(self, path: Sequence[Token]) -> str | None:
        return self._leaves.get(tuple(path))

    def map_tokens(self, convert: Mapping[Token, Other]) -> PrefixTrie[Other]:
        """The same trie over other token names (code strings -> a tokenizer's token ids)."""
        return PrefixTrie({sku: tuple(convert[t] for t in path) for path, sku in self._leaves.items()})
