"""One ``ProductIndex`` interface, two engines behind it: embedded Qdrant Edge and a Qdrant server (qdrant-client).

Points are keyed by a UUID derived from the SKU; the SKU and every filterable attribute live in the payload.
Named vectors: ``text`` (all-MiniLM-L6-v2, 384-d) and, once an image encoder is trained, ``image``.
"""
from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

SKU_NAMESPACE = uuid.UUID("5b0e3c1e-7a51-4c1b-9a55-1f8f1b0f6a10")

KEYWORD_FIELDS = ("sku", "article_type", "gender", "colour", "master_category", "sub_category", "season", "usage",
                  "brand", "currency")
NUMERIC_FIELDS = ("price", "year")
BOOL_FIELDS = ("in_stock",)


def point_id(sku: str) -> str:
    """Stable point id for a SKU, the same in every engine."""
    return str(uuid.uuid5(SKU_NAMESPACE, sku))


@dataclass(frozen=True)
class IndexPoint:
    sku: str
    vectors: dict[str, Sequence[float]]
    payload: dict[str, Any]


@dataclass(frozen=True)
class SearchFilter:
    """Conjunction of conditions; each ``any_of`` entry is field -> allowed values, ``none_of`` field -> excluded."""

    any_of: dict[str, Sequence[str]] = field(default_factory=dict)
    none_of: dict[str, Sequence[str]] = field(default_factory=dict)
    price_min: float | None = None
    price_max: float | None = None
    in_stock_only: bool = False

    def is_empty(self) -> bool:
        return not (self.any_of or self.none_of or self.price_min is not None or self.price_max is not None
                    or self.in_stock_only)


@dataclass(frozen=True)
class Hit:
    sku: str
    score: float
    payload: dict[str, Any]
    vectors: dict[str, list[float]] | None = None


class ProductIndex(ABC):
    """What the catalog app and the retriever need from a vector index."""

    @abstractmethod
    def ensure_collection(self, vector_sizes: dict[str, int]) -> None:
        """Create the collection with these named vectors and the payload indexes, if it does not exist."""

    @abstractmethod
    def recreate(self, vector_sizes: dict[str, int]) -> None:
        """Drop everything and create an empty collection (used by a full rebuild)."""

    @abstractmethod
    def vector_sizes(self) -> dict[str, int]:
        """Named vectors of the existing collection ({} when there is none)."""

    @abstractmethod
    def upsert(self, points: Sequence[IndexPoint]) -> None: ...

    @abstractmethod
    def delete(self, skus: Iterable[str]) -> None: ...

    @abstractmethod
    def search(self, vector_name: str, vector: Sequence[float], limit: int,
               search_filter: SearchFilter | None = None, with_vectors: bool = False) -> list[Hit]: ...

    @abstractmethod
    def retrieve(self, skus: Sequence[str], with_vectors: bool = False) -> list[Hit]:
        """The points of these SKUs that exist (score 0), in no particular order."""

    @abstractmethod
    def scroll(self, with_vectors: bool = False, batch_size: int = 512) -> Iterator[Hit]:
        """Every point, for consistency checks and in-memory snapshots."""

    @abstractmethod
    def count(self) -> int: ...

    def close(self) -> None:
        """Release files or connections."""
