"""``import_catalog``: validate first, write all or nothing, re-import updates in place."""
from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from shop_assistant.catalog.importer import demo_price
from shop_assistant.catalog.models import Product, ProductImage
from shop_assistant.catalog.search import get_index

pytestmark = pytest.mark.django_db


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]], fieldnames: list[str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames or list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(path: Path, images: Path, *flags: str) -> None:
    call_command("import_catalog", str(path), "--images", str(images), *flags)


def test_demo_rows_become_products_with_photos_copied_to_media(small_catalog: Path, demo_images: Path,
                                                               settings, django_capture_on_commit_callbacks) -> None:
    rows = _rows(small_catalog)
    with django_capture_on_commit_callbacks(execute=True):
        _import(small_catalog, demo_images, "--demo-prices")
    assert Product.objects.count() == len(rows)
    first = Product.objects.get(sku=rows[0]["id"])
    assert first.title == rows[0]["productDisplayName"]
    assert first.article_type == rows[0]["articleType"]
    assert first.year == int(rows[0]["year"])
    assert first.price_is_generated and first.currency == "EUR"
    assert first.price == demo_price(first.sku, first.master_category)
    image = first.images.get()
    assert image.image.name == f"products/{first.sku}/{first.sku}.jpg"
    assert (Path(settings.MEDIA_ROOT) / image.image.name).is_file()
    assert get_index().count() == len(rows)
    assert not Product.objects.filter(index_dirty=True).exists()


def test_reimport_updates_in_place_and_never_duplicates(small_catalog: Path, demo_images: Path) -> None:
    _import(small_catalog, demo_images, "--no-sync")
    rows = _rows(small_catalog)
    rows[0]["productDisplayName"] = "Renamed Product Title"
    _write(small_catalog, rows)
    Product.objects.update(index_dirty=False)
    _import(small_catalog, demo_images, "--no-sync")
    assert Product.objects.count() == len(rows)
    assert ProductImage.objects.count() == len(rows)
    renamed = Product.objects.get(sku=rows[0]["id"])
    assert renamed.title == "Renamed Product Title"
    assert list(Product.objects.filter(index_dirty=True).values_list("sku", flat=True)) == [rows[0]["id"]]


@pytest.mark.parametrize("mutate, line, reason", [
    (lambda rows: rows[2].update(id=""), 4, "missing SKU"),
    (lambda rows: rows[3].update(id=rows[1]["id"]), 5, "duplicate SKU (first seen on line 3)"),
    (lambda rows: rows[1].update(year="twenty"), 3, "year 'twenty' is not a whole number"),
    (lambda rows: rows[4].update(productDisplayName=""), 6, "missing title"),
])
def test_each_bad_row_is_reported_with_line_and_nothing_is_written(
        small_catalog: Path, demo_images: Path, capsys, mutate, line: int, reason: str) -> None:
    rows = _rows(small_catalog)
    mutate(rows)
    _write(small_catalog, rows)
    with pytest.raises(CommandError, match="rejected: 1 problem"):
        _import(small_catalog, demo_images)
    assert reason in capsys.readouterr().err.split(f"line {line}", 1)[1]
    assert Product.objects.count() == 0
    assert get_index().count() == 0


def test_bad_rows_of_every_kind_each_get_one_message(tmp_path: Path, demo_images: Path, capsys) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg at all")
    good = {"sku": "A1", "title": "Blue Shirt", "price": "19.99", "currency": "EUR", "images": "10000.jpg"}
    rows = [
        good,
        {**good, "sku": ""},
        {**good, "sku": "A1"},
        {**good, "sku": "A3", "price": "cheap"},
        {**good, "sku": "A4", "images": str(broken)},
        {**good, "sku": "A5", "images": "no-such-photo.jpg"},
        {**good, "sku": "A6", "price": "5", "currency": ""},
    ]
    catalog = _write(tmp_path / "own.csv", rows)
    with pytest.raises(CommandError, match="rejected: 6 problem"):
        _import(catalog, demo_images)
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("line ")]
    assert errors == [
        "line 3: missing SKU",
        "line 4 (SKU A1): duplicate SKU (first seen on line 2)",
        "line 5 (SKU A3): price 'cheap' is not a number",
        f"line 6 (SKU A4): image broken.jpg is not a readable picture (cannot identify image file "
        f"'{broken}')",
        f"line 7 (SKU A5): image not found: {demo_images / 'no-such-photo.jpg'}",
        "line 8 (SKU A6): price given without a currency",
    ]
    assert Product.objects.count() == 0


def test_unknown_column_rejects_the_file(small_catalog: Path, demo_images: Path, capsys) -> None:
    rows = _rows(small_catalog)
    for row in rows:
        row["sizes"] = "M"
    _write(small_catalog, rows)
    with pytest.raises(CommandError, match="nothing was written"):
        _import(small_catalog, demo_images)
    assert "line 1: unknown column(s) 'sizes'" in capsys.readouterr().err
    assert Product.objects.count() == 0


def test_rejected_file_leaves_existing_products_and_index_unchanged(
        small_catalog: Path, demo_images: Path, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _import(small_catalog, demo_images)
    before = list(Product.objects.values_list("sku", "title", "updated_at"))
    indexed = sorted((h.sku, h.payload["title"]) for h in get_index().scroll())
    rows = _rows(small_catalog)
    rows[0]["productDisplayName"] = "Should Not Be Written"
    rows[5]["year"] = "soon"
    _write(small_catalog, rows)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError):
        _import(small_catalog, demo_images)
    assert list(Product.objects.values_list("sku", "title", "updated_at")) == before
    assert sorted((h.sku, h.payload["title"]) for h in get_index().scroll()) == indexed


def test_skip_invalid_writes_good_rows_and_lists_skipped(small_catalog: Path, demo_images: Path, capsys) -> None:
    rows = _rows(small_catalog)
    bad_sku = rows[3]["id"]
    rows[3]["year"] = "later"
    _write(small_catalog, rows)
    _import(small_catalog, demo_images, "--skip-invalid", "--no-sync")
    output = capsys.readouterr()
    assert f"skipped line 5 (SKU {bad_sku}): year 'later' is not a whole number" in output.err
    assert f"{len(rows) - 1} created" in output.out
    assert not Product.objects.filter(sku=bad_sku).exists()
    assert Product.objects.count() == len(rows) - 1


def test_jsonl_with_own_field_names(tmp_path: Path, demo_images: Path) -> None:
    lines = [
        {"sku": "J1", "title": "Red Dress", "brand": "Acme", "price": 49.5, "currency": "EUR", "stock": 3,
         "active": True, "attributes": {"material": "cotton"}, "images": ["10000.jpg", "10001.jpg"]},
        {"sku": "J2", "title": "Green Scarf", "stock": "", "active": "no"},
    ]
    catalog = tmp_path / "products.jsonl"
    catalog.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    _import(catalog, demo_images, "--no-sync")
    dress = Product.objects.get(sku="J1")
    assert (dress.brand, dress.price, dress.stock, dress.attributes) == ("Acme", Decimal("49.50"), 3,
                                                                         {"material": "cotton"})
    assert not dress.price_is_generated
    assert [i.position for i in dress.images.all()] == [0, 1]
    scarf = Product.objects.get(sku="J2")
    assert scarf.active is False and scarf.stock is None and scarf.in_stock
    assert scarf.images.count() == 0


def test_jsonl_line_errors(tmp_path: Path, demo_images: Path, capsys) -> None:
    catalog = tmp_path / "products.jsonl"
    catalog.write_text('{"sku": "J1", "title": "Ok"}\n{not json\n[1, 2]\n{"sku": "J4", "title": "X", "size": 3}\n',
                       encoding="utf-8")
    with pytest.raises(CommandError, match="rejected: 3 problem"):
        _import(catalog, demo_images)
    err = capsys.readouterr().err
    assert "line 2: not valid JSON" in err
    assert "line 3: each line must be a JSON object" in err
    assert "line 4 (SKU J4): unknown field(s) 'size'" in err
