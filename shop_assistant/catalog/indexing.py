"""Writing products to the index: the incremental sync (after edits) and the full rebuild (``reindex``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Callable, Iterator, Sequence

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Product
from .search import build_points, get_index, vector_sizes

BATCH_SIZE = 256


@dataclass(frozen=True)
class SyncResult:
    upserted: int
    removed: int


def sync_dirty_products(deleted_skus: Sequence[str] = ()) -> SyncResult:
    """Bring the index in line with every product marked dirty, and drop the points of deleted products."""
    index = get_index()
    index.ensure_collection(vector_sizes())
    gone = [sku for sku in deleted_skus if not Product.objects.filter(sku=sku).exists()]
    index.delete(gone)
    upserted, removed = 0, len(gone)
    for batch in _batches(Product.objects.filter(index_dirty=True)):
        upserted_now, removed_now = _write_batch(batch)
        upserted += upserted_now
        removed += removed_now
    return SyncResult(upserted=upserted, removed=removed)


def rebuild_index(on_progress: Callable[[int], None] = lambda done: None) -> int:
    """Recreate the index from the database; returns the number of products indexed."""
    index = get_index()
    index.recreate(vector_sizes())
    indexed = 0
    for batch in _batches(Product.objects.all()):
        upserted, _removed = _write_batch(batch)
        indexed += upserted
        on_progress(len(batch))
    index.optimize()
    return indexed


def _batches(queryset: QuerySet[Product]) -> Iterator[list[Product]]:
    """Batches by primary key, so rows marked clean meanwhile do not shift the pages."""
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk).order_by("pk").prefetch_related("images")[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk


def _write_batch(products: list[Product]) -> tuple[int, int]:
    index = get_index()
    active = [p for p in products if p.active]
    inactive = [p.sku for p in products if not p.active]
    index.upsert(build_points(active))
    index.delete(inactive)
    _mark_clean(products)
    return len(active), len(inactive)


def _mark_clean(products: list[Product]) -> None:
    """Clear the dirty flag only on rows not edited since they were read (a later edit queues its own sync)."""
    unchanged = reduce(or_, (Q(pk=p.pk, updated_at=p.updated_at) for p in products))
    Product.objects.filter(unchanged).update(index_dirty=False, indexed_at=timezone.now())
