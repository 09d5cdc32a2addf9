"""Celery tasks of the ``indexing`` queue (routed by ``CELERY_TASK_ROUTES``)."""
from __future__ import annotations

from celery import shared_task

from .indexing import sync_dirty_products


@shared_task(name="shop_assistant.catalog.tasks.sync_index")
def sync_index(deleted_skus: list[str]) -> dict[str, int]:
    """Write every dirty product to the index and drop deleted ones; safe to run twice."""
    result = sync_dirty_products(deleted_skus)
    return {"upserted": result.upserted, "removed": result.removed}
