"""Index upkeep: edits reach the index through one Celery task after commit; reindex and check_index."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from PIL import Image

from retrieval.encoders import get_text_encoder
from retrieval.index import SearchFilter
from retrieval.photo_match import layout_vector
from shop_assistant.catalog.models import Product
from shop_assistant.catalog.search import close_index, get_index, product_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(small_catalog: Path, demo_images: Path, django_capture_on_commit_callbacks) -> list[Product]:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_catalog", str(small_catalog), "--images", str(demo_images), "--demo-prices")
    return list(Product.objects.order_by("pk"))


def _top_sku(text: str, **filters: list[str]) -> str:
    hits = get_index().search("text", get_text_encoder().encode_one(text), limit=1,
                              search_filter=SearchFilter(any_of=filters))
    return hits[0].sku


def test_saved_product_is_found_by_its_new_title(catalog: list[Product], django_capture_on_commit_callbacks) -> None:
    product = catalog[5]
    product.title = "Aurora Borealis Glow Trail Runner"
    with django_capture_on_commit_callbacks(execute=True):
        product.save()
    assert _top_sku("aurora borealis glow trail runner") == product.sku
    assert get_index().retrieve([product.sku])[0].payload["title"] == product.title
    product.refresh_from_db()
    assert not product.index_dirty and product.indexed_at is not None


def test_payload_carries_filterable_fields(catalog: list[Product]) -> None:
    product = catalog[0]
    (hit,) = get_index().retrieve([product.sku])
    assert {k: hit.payload[k] for k in ("article_type", "gender", "colour", "price", "in_stock", "year")} == {
        "article_type": product.article_type, "gender": product.gender, "colour": product.colour,
        "price": float(product.price), "in_stock": True, "year": product.year}
    assert hit.payload["image_path"].endswith(f"products/{product.sku}/{product.sku}.jpg")
    # No image encoder trained: no image vector; the photo's layout descriptor needs no model.
    assert set(get_index().vector_sizes()) == {"text", "layout"}
    (with_vectors,) = get_index().retrieve([product.sku], with_vectors=True)
    with Image.open(hit.payload["image_path"]) as photo:
        expected = layout_vector(photo)
    assert np.allclose(with_vectors.vectors["layout"], expected, atol=1e-5)


def test_deactivated_and_deleted_products_leave_the_index(catalog: list[Product],
                                                          django_capture_on_commit_callbacks) -> None:
    inactive, deleted = catalog[1], catalog[2]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        inactive.active = False
        inactive.save()
        deleted.delete()
    assert len(callbacks) == 1  # one task per transaction, however many products changed
    assert get_index().retrieve([inactive.sku, deleted.sku]) == []
    assert get_index().count() == len(catalog) - 2


def test_rolled_back_change_queues_nothing(catalog: list[Product], django_capture_on_commit_callbacks) -> None:
    from django.db import transaction

    sku = catalog[0].sku
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            catalog[0].delete()
            raise RuntimeError("abort")
    assert callbacks == []
    assert Product.objects.filter(sku=sku).exists()


def test_check_index_finds_missing_stale_and_orphaned_points(catalog: list[Product], capsys) -> None:
    call_command("check_index")
    assert "index consistent: 24 active products" in capsys.readouterr().out
    Product.objects.filter(pk=catalog[0].pk).update(title="Changed Behind The Index's Back")
    get_index().delete([catalog[1].sku])
    Product.objects.filter(pk=catalog[2].pk).update(active=False)
    with pytest.raises(CommandError, match="index inconsistent"):
        call_command("check_index")
    out = capsys.readouterr().out
    assert f"1 missing from the index: {catalog[1].sku}" in out
    assert f"1 stale in the index: {catalog[0].sku}" in out
    assert f"1 in the index but not an active product: {catalog[2].sku}" in out
    call_command("reindex")
    call_command("check_index")
    assert get_index().count() == len(catalog) - 1


def test_reindex_rebuilds_from_the_database(catalog: list[Product], settings, capsys) -> None:
    close_index()
    settings.QDRANT_PATH = Path(settings.QDRANT_PATH).parent / "fresh-qdrant"
    Product.objects.update(index_dirty=True)
    call_command("reindex")
    assert f"indexed {len(catalog)} active products" in capsys.readouterr().out
    assert get_index().count() == len(catalog)
    assert not Product.objects.filter(index_dirty=True).exists()
    record = product_record(catalog[7])
    assert _top_sku(record.document()) == record.sku


@pytest.mark.services
def test_admin_edit_reaches_the_index_within_a_second_through_a_real_worker(
        celery_worker, admin_client: Client, small_catalog: Path, demo_images: Path) -> None:
    from tests.catalog.test_admin import change_product
    from tests.conftest import stop_worker

    call_command("import_catalog", str(small_catalog), "--images", str(demo_images), "--demo-prices")
    _wait_until_clean(timeout=60)
    product = Product.objects.order_by("pk")[4]
    new_title = "Aurora Borealis Glow Trail Runner"
    edited_at = time.monotonic()
    assert change_product(admin_client, product, title=new_title).status_code == 302
    _wait_until_clean(timeout=10.0)
    took = time.monotonic() - edited_at
    stop_worker(celery_worker)  # the worker holds the embedded index; release it so this process can read it
    print(f"admin edit to indexed: {took * 1000:.0f} ms")
    assert took < 1.0, f"admin edit took {took:.2f} s to reach the index"
    assert _top_sku("aurora borealis glow trail runner") == product.sku
    assert get_index().retrieve([product.sku])[0].payload["title"] == new_title


def _wait_until_clean(timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while Product.objects.filter(index_dirty=True).exists():
        assert time.monotonic() < deadline, "the worker did not index the changes in time"
        time.sleep(0.02)
