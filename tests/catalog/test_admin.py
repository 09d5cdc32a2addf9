"""The admin shop staff use: photos in the list, search, filters, edit form with inline photos, bulk actions."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from shop_assistant.catalog.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(small_catalog: Path, demo_images: Path) -> list[Product]:
    call_command("import_catalog", str(small_catalog), "--images", str(demo_images), "--demo-prices", "--no-sync")
    return list(Product.objects.all())


def test_changelist_shows_thumbnails_and_generated_price_label(admin_client: Client, catalog: list[Product]) -> None:
    response = admin_client.get(reverse("admin:catalog_product_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    first = catalog[0]
    assert f'src="/media/products/{first.sku}/{first.sku}.jpg"' in html
    assert "(generated)" in html
    assert f"{len(catalog)} products" in html


def test_search_and_filters(admin_client: Client, catalog: list[Product]) -> None:
    target = catalog[3]
    url = reverse("admin:catalog_product_changelist")
    by_sku = admin_client.get(url, {"q": target.sku}).context["cl"]
    assert [p.sku for p in by_sku.result_list] == [target.sku]
    by_category = admin_client.get(url, {"master_category": target.master_category}).context["cl"]
    assert {p.master_category for p in by_category.result_list} == {target.master_category}
    assert by_category.result_count == sum(p.master_category == target.master_category for p in catalog)


def test_change_form_renders_inline_photo(admin_client: Client, catalog: list[Product]) -> None:
    product = catalog[0]
    response = admin_client.get(reverse("admin:catalog_product_change", args=[product.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="images-0-position"' in html
    assert f'src="/media/products/{product.sku}/{product.sku}.jpg"' in html


def _form_data(product: Product, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "sku": product.sku, "title": product.title, "brand": product.brand, "active": "on" if product.active else "",
        "master_category": product.master_category, "sub_category": product.sub_category,
        "article_type": product.article_type, "gender": product.gender, "colour": product.colour,
        "season": product.season, "usage": product.usage, "year": product.year or "",
        "price": product.price if product.price is not None else "", "currency": product.currency,
        "stock": product.stock if product.stock is not None else "", "attributes": "{}",
        "images-TOTAL_FORMS": 1, "images-INITIAL_FORMS": 1, "images-MIN_NUM_FORMS": 0, "images-MAX_NUM_FORMS": 1000,
    }
    image = product.images.get()
    data.update({"images-0-id": image.pk, "images-0-product": product.pk, "images-0-position": image.position,
                 "images-0-alt_text": image.alt_text})
    data.update(changes)
    return {key: value for key, value in data.items() if value != "" or key != "active"}


def change_product(client: Client, product: Product, **changes: object):  # noqa: ANN201 - test helper
    return client.post(reverse("admin:catalog_product_change", args=[product.pk]), _form_data(product, **changes))


def test_editing_a_price_makes_it_real_and_queues_indexing(admin_client: Client, catalog: list[Product],
                                                           django_capture_on_commit_callbacks) -> None:
    product = catalog[0]
    with django_capture_on_commit_callbacks() as callbacks:
        response = change_product(admin_client, product, price="12.50", title="Edited Title")
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.title, str(product.price), product.price_is_generated) == ("Edited Title", "12.50", False)
    assert product.index_dirty
    assert len(callbacks) == 1


def test_validation_messages(admin_client: Client, catalog: list[Product]) -> None:
    product = catalog[0]
    response = change_product(admin_client, product, price="12.50", currency="", attributes="[1, 2]")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the currency of the price" in html
    assert "Attributes must be a JSON object" in html
    response = change_product(admin_client, product, currency="eur", price="-1")
    html = response.content.decode()
    assert "three-letter upper-case ISO code" in html
    assert "greater than or equal to 0" in html


@pytest.mark.parametrize("action, active_after", [("deactivate", False), ("activate", True)])
def test_bulk_actions_update_and_queue_one_sync(admin_client: Client, catalog: list[Product], action: str,
                                                active_after: bool, django_capture_on_commit_callbacks) -> None:
    chosen = [p.pk for p in catalog[:5]]
    Product.objects.update(index_dirty=False, active=not active_after)
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(reverse("admin:catalog_product_changelist"),
                                     {"action": action, "_selected_action": chosen}, follow=True)
    assert "5 product(s)" in response.content.decode()
    assert set(Product.objects.filter(active=active_after).values_list("pk", flat=True)) == set(chosen)
    assert set(Product.objects.filter(index_dirty=True).values_list("pk", flat=True)) == set(chosen)
    assert len(callbacks) == 1


def test_reindex_action_writes_selected_products(admin_client: Client, catalog: list[Product],
                                                 django_capture_on_commit_callbacks) -> None:
    from shop_assistant.catalog.search import get_index

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:catalog_product_changelist"),
                          {"action": "reindex", "_selected_action": [catalog[0].pk]})
    assert get_index().count() == len(catalog)  # every dirty product is written by the one sync
    assert not Product.objects.filter(index_dirty=True).exists()
