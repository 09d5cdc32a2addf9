"""Every change to a product or its photos marks it dirty and queues an index sync after commit."""
from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Product, ProductImage
from .search import schedule_index_sync


@receiver(pre_save, sender=Product)
def mark_product_dirty(sender: type[Product], instance: Product, update_fields: Any = None, **kwargs: Any) -> None:
    instance.index_dirty = True


@receiver(post_save, sender=Product)
def queue_sync_after_save(sender: type[Product], instance: Product, using: str, update_fields: Any = None,
                          **kwargs: Any) -> None:
    if update_fields is not None and "index_dirty" not in update_fields:
        Product.objects.using(using).filter(pk=instance.pk).update(index_dirty=True)
    schedule_index_sync(using=using)


@receiver(post_delete, sender=Product)
def queue_removal_after_delete(sender: type[Product], instance: Product, using: str, **kwargs: Any) -> None:
    schedule_index_sync(deleted_skus=[instance.sku], using=using)


@receiver(post_save, sender=ProductImage)
@receiver(post_delete, sender=ProductImage)
def queue_sync_after_photo_change(sender: type[ProductImage], instance: ProductImage, using: str,
                                  **kwargs: Any) -> None:
    Product.objects.using(using).filter(pk=instance.product_id).update(index_dirty=True)
    schedule_index_sync(using=using)
