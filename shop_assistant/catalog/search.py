"""Index upkeep: how a ``Product`` becomes an index point, and the process-wide index.

The database is the source of truth. Every change marks products ``index_dirty`` and, once the transaction commits,
queues one ``sync_index`` task on the ``indexing`` queue that writes all dirty products (Saleor's pattern).
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from django.conf import settings
from django.db import transaction

from retrieval.index import IndexPoint, ProductIndex, open_index
from retrieval.records import ProductRecord

if TYPE_CHECKING:
    from retrieval.encoders import ImageEncoder

    from .models import Product

logger = logging.getLogger(__name__)

_index: ProductIndex | None = None
_index_lock = threading.Lock()


def get_index() -> ProductIndex:
    """The process-wide index: a Qdrant server when ``QDRANT_URL`` is set, else the embedded shard."""
    global _index
    with _index_lock:
        if _index is None:
            _index = open_index(settings.QDRANT_URL, Path(settings.QDRANT_PATH), settings.QDRANT_COLLECTION,
                                settings.QDRANT_API_KEY)
        return _index


def close_index() -> None:
    """Release the index (the embedded engine allows one process at a time; tests switch paths with this)."""
    global _index
    with _index_lock:
        if _index is not None:
            _index.close()
            _index = None


def get_image_encoder() -> "ImageEncoder | None":
    """The trained image encoder, or None while there is none; then points carry only the text vector."""
    try:
        from retrieval.encoders import get_image_encoder as cached_image_encoder
    except ImportError:  # retrieval/encoders.py without image support: index text only, never a fake vector
        logger.warning("retrieval.encoders has no image encoder; indexing text vectors only")
        return None
    return cached_image_encoder(settings.IMAGE_ENCODER_PATH)


def vector_sizes() -> dict[str, int]:
    """Named vectors the index needs with the encoders this process has."""
    from retrieval.encoders import TEXT_DIM
    from retrieval.photo_match import LAYOUT_DIM

    sizes = {"text": TEXT_DIM, "layout": LAYOUT_DIM}
    image_encoder = get_image_encoder()
    if image_encoder is not None:
        sizes["image"] = int(image_encoder.dim)
    return sizes


def product_record(product: "Product") -> ProductRecord:
    """The retrieval layer's view of a product (plain data, no Django)."""
    image = product.primary_image
    return ProductRecord(
        sku=product.sku, title=product.title, brand=product.brand, article_type=product.article_type,
        gender=product.gender, colour=product.colour, master_category=product.master_category,
        sub_category=product.sub_category, season=product.season, usage=product.usage, year=product.year,
        price=float(product.price) if product.price is not None else None, currency=product.currency,
        in_stock=product.in_stock, image_path=image.image.path if image else None,
        attributes=dict(product.attributes or {}),
    )


def content_hash(record: ProductRecord, vector_names: Iterable[str]) -> str:
    """Fingerprint of what the index should hold for a product; stored in the payload so stale points show."""
    canonical = json.dumps({"payload": record.payload(), "vectors": sorted(vector_names)}, sort_keys=True,
                           default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def indexed_payload(record: ProductRecord, vector_names: Iterable[str]) -> dict[str, object]:
    return {**record.payload(), "content_hash": content_hash(record, vector_names)}


def build_points(products: Sequence["Product"]) -> list[IndexPoint]:
    """Encode a batch of products: text vectors always, image vectors for products with a photo once trained."""
    from retrieval.encoders import get_text_encoder

    if not products:
        return []
    records = [product_record(p) for p in products]
    documents = [r.document() for r in records]
    unique_documents = list(dict.fromkeys(documents))  # titles repeat (7,109 distinct among 9,583): encode once
    encoded = get_text_encoder().encode(unique_documents)
    row_of = {document: row for row, document in enumerate(unique_documents)}
    text_vectors = [encoded[row_of[document]] for document in documents]
    photo_vectors = _photo_vectors(records)
    names = list(vector_sizes())
    points = []
    for i, record in enumerate(records):
        vectors = {"text": text_vectors[i].tolist(), **photo_vectors.get(record.sku, {})}
        points.append(IndexPoint(sku=record.sku, vectors=vectors, payload=indexed_payload(record, names)))
    return points


def _photo_vectors(records: Sequence[ProductRecord]) -> dict[str, dict[str, list[float]]]:
    """The photo's vectors of each product with a photo: its layout descriptor, and its image vector once an image
    encoder is trained."""
    from PIL import Image

    from retrieval.photo_match import layout_vector

    with_photo = [r for r in records if r.image_path]
    if not with_photo:
        return {}
    images = []
    for record in with_photo:
        with Image.open(record.image_path) as photo:
            images.append(photo.convert("RGB"))
    vectors = {record.sku: {"layout": layout_vector(image).tolist()} for record, image in zip(with_photo, images)}
    encoder = get_image_encoder()
    if encoder is not None:
        for record, image_vector in zip(with_photo, encoder.encode(images)):
            vectors[record.sku]["image"] = image_vector.tolist()
    return vectors


class _PendingIndexWork:
    """One ``on_commit`` callback per transaction: it collects deleted SKUs and queues a single sync task."""

    def __init__(self) -> None:
        self.deleted_skus: set[str] = set()

    def __call__(self) -> None:
        from .tasks import sync_index

        sync_index.delay(sorted(self.deleted_skus))


def schedule_index_sync(deleted_skus: Iterable[str] = (), using: str | None = None) -> None:
    """Queue the sync once the current transaction commits (at once outside a transaction)."""
    connection = transaction.get_connection(using)
    pending = None
    if connection.in_atomic_block:
        # Join a callback registered at this level or an enclosing one: it runs whenever this change commits.
        # (If only an inner savepoint rolls back, its deleted SKUs stay listed; the task skips SKUs that exist.)
        current = set(connection.savepoint_ids)
        for savepoint_ids, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _PendingIndexWork) and set(savepoint_ids) <= current:
                pending = callback
    if pending is None:
        pending = _PendingIndexWork()
        pending.deleted_skus.update(deleted_skus)
        transaction.on_commit(pending, using=using)
    else:
        pending.deleted_skus.update(deleted_skus)
