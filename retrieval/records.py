"""The product as the retrieval layer sees it: plain data, filled by the catalog app or by a CSV in tests."""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence


@dataclass(frozen=True)
class ProductRecord:
    """One sellable product with everything retrieval may filter, match or show on."""

    sku: str
    title: str
    brand: str = ""
    article_type: str = ""
    gender: str = ""
    colour: str = ""
    master_category: str = ""
    sub_category: str = ""
    season: str = ""
    usage: str = ""
    year: int | None = None
    price: float | None = None
    currency: str = ""
    in_stock: bool = True
    image_path: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def document(self) -> str:
        """The text that stands for the product in the text encoder and the lexical index."""
        parts = [self.title, self.brand, self.article_type, self.colour, self.gender, self.usage, self.season]
        seen: list[str] = []
        for part in parts:
            if part and part != "NA" and part not in seen:
                seen.append(part)
        return " ".join(seen)

    def payload(self) -> dict[str, Any]:
        """Index payload: every filterable attribute, plus what a result card shows."""
        data = asdict(self)
        data.pop("attributes")
        data["attributes"] = dict(self.attributes)
        return data

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> "ProductRecord":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in payload.items() if k in known})


def brand_of(title: str) -> str:
    """The dataset has no brand column: the leading words of the title before the descriptive words stand in.

    Used only for the demo catalog importer; real catalogs bring their own brand field.
    """
    words = title.split()
    return words[0] if words else ""


def load_catalog_csv(path: str | Path, images_dir: str | Path | None = None) -> list[ProductRecord]:
    """Read the fashion-small ``catalog.csv`` layout (tests and model training without Django)."""
    path = Path(path)
    images = Path(images_dir) if images_dir else path.parent / "images"
    records: list[ProductRecord] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            image = images / f"{row['id']}.jpg"
            records.append(
                ProductRecord(
                    sku=row["id"],
                    title=row["productDisplayName"],
                    brand=brand_of(row["productDisplayName"]),
                    article_type=row["articleType"],
                    gender=row["gender"],
                    colour=row["baseColour"] if row["baseColour"] != "NA" else "",
                    master_category=row["masterCategory"],
                    sub_category=row["subCategory"],
                    season=row["season"] if row["season"] != "NA" else "",
                    usage=row["usage"] if row["usage"] != "NA" else "",
                    year=int(row["year"]) if row["year"].isdigit() else None,
                    image_path=str(image) if image.exists() else None,
                )
            )
    return records


def with_photos(records: Sequence[ProductRecord], purpose: str) -> list[ProductRecord]:
    """Products with a readable photo file; fails before anything is written when fewer than two remain."""
    usable = [r for r in records if r.image_path and Path(r.image_path).is_file()]
    if len(usable) < 2:
        raise ValueError(f"{purpose} needs at least 2 products with a photo, found {len(usable)} "
                         f"among {len(records)} records")
    return usable


def by_sku(records: Iterable[ProductRecord]) -> dict[str, ProductRecord]:
    return {r.sku: r for r in records}
