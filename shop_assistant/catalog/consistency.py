"""Is the index what the database says it should be? (``check_index``)."""
from __future__ import annotations

from dataclasses import dataclass

from .indexing import BATCH_SIZE
from .models import Product
from .search import content_hash, get_index, product_record, vector_sizes


@dataclass(frozen=True)
class IndexReport:
    checked: int
    missing: list[str]
    stale: list[str]
    orphaned: list[str]

    @property
    def consistent(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def compare_index() -> IndexReport:
    """Compare the content hash in each point's payload with the hash of the product as the database has it."""
    index = get_index()
    indexed = {hit.sku: hit.payload.get("content_hash") for hit in index.scroll(batch_size=1024)}
    names = list(vector_sizes())
    wrong_vectors = index.vector_sizes() != vector_sizes()
    missing: list[str] = []
    stale: list[str] = []
    active_skus: set[str] = set()
    for product in Product.objects.filter(active=True).prefetch_related("images").iterator(chunk_size=BATCH_SIZE):
        active_skus.add(product.sku)
        if product.sku not in indexed:
            missing.append(product.sku)
        elif wrong_vectors or indexed[product.sku] != content_hash(product_record(product), names):
            stale.append(product.sku)
    orphaned = sorted(set(indexed) - active_skus)
    return IndexReport(checked=len(active_skus), missing=missing, stale=stale, orphaned=orphaned)
