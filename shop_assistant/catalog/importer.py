"""Catalog import: read a CSV or JSONL file, validate every row, then write all good rows in one transaction.

Both the fashion-small ``catalog.csv`` columns (``id``, ``productDisplayName``, ``baseColour`` ...) and this app's
own field names are understood. Nothing is written while any row is bad unless the caller asks to skip bad rows.
"""
from __future__ import annotations

import csv
import json
import random
import shutil
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterator

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from retrieval.records import brand_of

from .models import Product, ProductImage
from .search import schedule_index_sync

DATASET_COLUMNS = {"id": "sku", "productDisplayName": "title", "masterCategory": "master_category",
                   "subCategory": "sub_category", "articleType": "article_type", "baseColour": "colour"}
TEXT_FIELDS = ("title", "brand", "master_category", "sub_category", "article_type", "gender", "colour", "season",
               "usage", "currency")
OWN_COLUMNS = {"sku", *TEXT_FIELDS, "year", "price", "stock", "active", "attributes", "images", "image"}
KNOWN_COLUMNS = OWN_COLUMNS | set(DATASET_COLUMNS) | {"gender", "season", "year", "usage"}
IMAGE_SEPARATOR = "|"
MISSING = "NA"  # the dataset writes NA where a colour or usage is unknown
DEMO_CURRENCY = "EUR"
DEMO_PRICE_RANGES = {"Apparel": (8, 90), "Footwear": (25, 160), "Accessories": (5, 220), "Personal Care": (3, 40)}
DEMO_PRICE_DEFAULT = (5, 60)
WRITE_BATCH = 500


@dataclass(frozen=True)
class RowError:
    line: int
    sku: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (SKU {self.sku})" if self.sku else "")
        return f"{where}: {self.reason}"


@dataclass
class ValidRow:
    line: int
    sku: str
    fields: dict[str, Any]
    images: list[Path] | None  # None: the file says nothing about photos, keep what the product has


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[RowError] = field(default_factory=list)


class CatalogRejected(Exception):
    """The file has bad rows (or a bad header) and nothing was written."""

    def __init__(self, errors: list[RowError], good_rows: int) -> None:
        super().__init__(f"{len(errors)} bad row(s)")
        self.errors = errors
        self.good_rows = good_rows


Progress = Callable[[Iterator[Any], int, str], Iterator[Any]]


def _no_progress(items: Iterator[Any], total: int, description: str) -> Iterator[Any]:
    return items


def import_catalog(path: Path, images_dir: Path | None = None, skip_invalid: bool = False,
                   demo_prices: bool = False, sync_index: bool = True,
                   progress: Progress = _no_progress) -> ImportReport:
    """Validate the whole file first; write nothing if a row is bad (unless ``skip_invalid``)."""
    if not path.is_file():
        raise CatalogRejected([RowError(0, "", f"no such file: {path}")], 0)
    if images_dir is None and (path.parent / "images").is_dir():
        images_dir = path.parent / "images"
    if images_dir is not None and not images_dir.is_dir():
        raise CatalogRejected([RowError(0, "", f"images folder not found: {images_dir}")], 0)
    raw_rows, header_errors = _read_rows(path)
    if header_errors:
        raise CatalogRejected(header_errors, 0)
    validator = _RowValidator(images_dir, demo_prices)
    valid: list[ValidRow] = []
    errors: list[RowError] = []
    for line, raw in progress(iter(raw_rows), len(raw_rows), "validating"):
        outcome = validator.validate(line, raw)
        (errors if isinstance(outcome, RowError) else valid).append(outcome)  # type: ignore[arg-type]
    if errors and not skip_invalid:
        raise CatalogRejected(errors, len(valid))
    report = _write(valid, sync_index, progress)
    report.skipped = errors
    return report


def _read_rows(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Rows with the line each starts on; a bad header or an unreadable line is an error."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".jsonl", ".ndjson"):
        return _read_jsonl(path)
    return [], [RowError(0, "", f"unsupported file type {path.suffix!r}: use .csv or .jsonl")]


def _read_csv(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        unknown = [name for name in header if name not in KNOWN_COLUMNS]
        if not header:
            return [], [RowError(1, "", "the file is empty: expected a header row")]
        if unknown:
            return [], [RowError(1, "", f"unknown column(s) {', '.join(map(repr, unknown))}; known columns are "
                                        f"{', '.join(sorted(OWN_COLUMNS))} (or the fashion-small names)")]
        start = reader.line_num + 1
        for row in reader:
            if None in row:
                rows.append((start, {"__error__": f"{len(row[None])} more value(s) than columns"}))
            else:
                rows.append((start, {k: v for k, v in row.items()}))
            start = reader.line_num + 1
    return rows, []


def _read_jsonl(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    with path.open(encoding="utf-8-sig") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                rows.append((line_number, {"__error__": f"not valid JSON ({error.msg})"}))
                continue
            if not isinstance(data, dict):
                rows.append((line_number, {"__error__": "each line must be a JSON object"}))
                continue
            rows.append((line_number, data))
    return rows, []


class _RowValidator:
    """Turns one raw row into model field values, or says what is wrong with it."""

    def __init__(self, images_dir: Path | None, demo_prices: bool) -> None:
        self.images_dir = images_dir
        self.demo_prices = demo_prices
        self.first_line_of_sku: dict[str, int] = {}
        self.max_lengths = {f.name: f.max_length for f in Product._meta.get_fields()
                            if getattr(f, "max_length", None) and f.name in TEXT_FIELDS + ("sku",)}

    def validate(self, line: int, raw: dict[str, Any]) -> ValidRow | RowError:
        if "__error__" in raw:
            return RowError(line, "", raw["__error__"])
        unknown = [name for name in raw if name not in KNOWN_COLUMNS]
        row = {DATASET_COLUMNS.get(name, name): value for name, value in raw.items()}
        sku = _text(row.get("sku"))
        if unknown:
            return RowError(line, sku, f"unknown field(s) {', '.join(map(repr, unknown))}")
        if not sku:
            return RowError(line, "", "missing SKU")
        if sku in self.first_line_of_sku:
            return RowError(line, sku, f"duplicate SKU (first seen on line {self.first_line_of_sku[sku]})")
        self.first_line_of_sku[sku] = line
        try:
            fields = self._fields(sku, row)
            images = self._images(sku, row, dataset_layout="id" in raw)
        except ValueError as error:
            return RowError(line, sku, str(error))
        return ValidRow(line=line, sku=sku, fields=fields, images=images)

    def _fields(self, sku: str, row: dict[str, Any]) -> dict[str, Any]:
        if len(sku) > self.max_lengths["sku"]:
            raise ValueError(f"SKU longer than {self.max_lengths['sku']} characters")
        fields: dict[str, Any] = {}
        for name in TEXT_FIELDS:
            if name in row:
                value = _text(row[name])
                fields[name] = "" if value == MISSING else value
                if len(fields[name]) > self.max_lengths[name]:
                    raise ValueError(f"{name} longer than {self.max_lengths[name]} characters")
        if not fields.get("title"):
            raise ValueError("missing title")
        if "brand" not in row:
            fields["brand"] = brand_of(fields["title"])
        if "year" in row:
            fields["year"] = _optional_int(row["year"], "year", minimum=1900, maximum=2100)
        if "stock" in row:
            fields["stock"] = _optional_int(row["stock"], "stock", minimum=0, maximum=2_000_000_000)
        if "active" in row:
            fields["active"] = _boolean(row["active"])
        if "attributes" in row:
            fields["attributes"] = _attributes(row["attributes"])
        if "price" in row and _text(row["price"]):
            fields["price"] = _price(row["price"])
            fields["price_is_generated"] = False
            if not fields.get("currency"):
                raise ValueError("price given without a currency")
        elif self.demo_prices:
            fields["price"] = demo_price(sku, fields.get("master_category", ""))
            fields["currency"] = DEMO_CURRENCY
            fields["price_is_generated"] = True
        currency = fields.get("currency", "")
        if currency and not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
            raise ValueError(f"currency {currency!r} is not a three-letter ISO code such as EUR")
        return fields

    def _images(self, sku: str, row: dict[str, Any], dataset_layout: bool) -> list[Path] | None:
        """Photos named in ``images``/``image``; rows in the dataset layout have ``<id>.jpg`` in the folder."""
        declared = row.get("images", row.get("image"))
        if declared is None:
            if self.images_dir is None or not dataset_layout:
                return None
            names = [f"{sku}.jpg"]
        elif isinstance(declared, list):
            names = [_text(name) for name in declared if _text(name)]
        else:
            names = [name.strip() for name in _text(declared).split(IMAGE_SEPARATOR) if name.strip()]
        paths = []
        for name in names:
            candidate = Path(name)
            if not candidate.is_absolute():
                if self.images_dir is None:
                    raise ValueError(f"image {name!r} given but no images folder (use --images DIR)")
                candidate = self.images_dir / candidate
            _check_image(candidate)
            paths.append(candidate)
        return paths


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _optional_int(value: Any, name: str, minimum: int, maximum: int) -> int | None:
    text = _text(value)
    if not text or text == MISSING:
        return None
    try:
        number = int(text)
    except ValueError:
        raise ValueError(f"{name} {text!r} is not a whole number") from None
    if not minimum <= number <= maximum:
        raise ValueError(f"{name} {number} is outside {minimum}..{maximum}")
    return number


def _price(value: Any) -> Decimal:
    text = _text(value)
    try:
        price = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"price {text!r} is not a number") from None
    if not price.is_finite() or price < 0:
        raise ValueError(f"price {text!r} must be zero or more")
    if price >= Decimal("1e8"):
        raise ValueError(f"price {text!r} is too large")
    return price.quantize(Decimal("0.01"))


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in ("", "1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    raise ValueError(f"active {value!r} is not true/false")


def _attributes(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    text = _text(value)
    if not text:
        return {}
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError("attributes are not valid JSON") from None
    if not isinstance(parsed, dict):
        raise ValueError("attributes must be a JSON object")
    return parsed


def _check_image(path: Path) -> None:
    if not path.is_file():
        raise ValueError(f"image not found: {path}")
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValueError(f"image {path.name} is not a readable picture ({error})") from None


def demo_price(sku: str, master_category: str) -> Decimal:
    """A made-up price for the demo (the source has none): fixed per SKU, so every import gives the same one."""
    low, high = DEMO_PRICE_RANGES.get(master_category, DEMO_PRICE_DEFAULT)
    rng = random.Random(f"demo-price:{sku}")
    return Decimal(rng.randint(low, high)) - Decimal("0.01")


def _write(rows: list[ValidRow], sync_index: bool, progress: Progress) -> ImportReport:
    """Create or update every row in one transaction; only products that really changed become dirty."""
    report = ImportReport()
    with transaction.atomic():
        for start in progress(iter(range(0, len(rows), WRITE_BATCH)), -(-len(rows) // WRITE_BATCH), "writing"):
            _write_batch(rows[start:start + WRITE_BATCH], report)
        if sync_index and (report.created or report.updated):
            schedule_index_sync()
    return report


def _write_batch(rows: list[ValidRow], report: ImportReport) -> None:
    existing = {p.sku: p for p in Product.objects.filter(sku__in=[r.sku for r in rows]).prefetch_related("images")}
    now = timezone.now()
    to_create = [Product(sku=r.sku, **r.fields, index_dirty=True) for r in rows if r.sku not in existing]
    Product.objects.bulk_create(to_create)
    created = {p.sku: p for p in Product.objects.filter(sku__in=[p.sku for p in to_create])}
    to_update: list[Product] = []
    changed_fields: set[str] = set()
    for row in rows:
        product = existing.get(row.sku)
        if product is None:
            continue
        changes = {name: value for name, value in row.fields.items() if getattr(product, name) != value}
        if changes:
            for name, value in changes.items():
                setattr(product, name, value)
            changed_fields.update(changes)
            to_update.append(product)
    images_changed = _write_images(rows, existing, created)
    for product in existing.values():
        if product.pk in images_changed and product not in to_update:
            to_update.append(product)
    for product in to_update:
        product.index_dirty = True
        product.updated_at = now
    if to_update:
        Product.objects.bulk_update(to_update, sorted(changed_fields | {"index_dirty", "updated_at"}))
    report.created += len(to_create)
    report.updated += len(to_update)
    report.unchanged += len(rows) - len(to_create) - len(to_update)


def _write_images(rows: list[ValidRow], existing: dict[str, Product], created: dict[str, Product]) -> set[int]:
    """Copy photos into MEDIA_ROOT and replace a product's image rows when its photo list changed."""
    media_root = Path(settings.MEDIA_ROOT)
    stale: list[int] = []
    fresh: list[ProductImage] = []
    for row in rows:
        if row.images is None:
            continue
        product = existing.get(row.sku) or created[row.sku]
        wanted = [f"products/{row.sku}/{source.name}" for source in row.images]
        for source, name in zip(row.images, wanted):
            target = media_root / name
            if not target.exists() or target.stat().st_size != source.stat().st_size:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        current = [image.image.name for image in product.images.all()] if row.sku in existing else []
        if current != wanted:
            if current:
                stale.append(product.pk)
            fresh.extend(ProductImage(product=product, image=name, position=i, alt_text=product.title)
                         for i, name in enumerate(wanted))
    ProductImage.objects.filter(product_id__in=stale).delete()
    ProductImage.objects.bulk_create(fresh)
    return set(stale) | {image.product_id for image in fresh if image.product.sku in existing}
