"""The catalog: the database is the source of truth; the vector index is derived from it (see ``search.py``)."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models


class Product(models.Model):
    """One sellable product with every attribute that shoppers filter on."""

    sku = models.CharField("SKU", max_length=64, unique=True,
                           help_text="Stock keeping unit; for the demo catalog, the dataset id.")
    title = models.CharField(max_length=300)
    brand = models.CharField(max_length=120, blank=True, default="", help_text="Empty where unknown.")
    master_category = models.CharField(max_length=80, blank=True, default="", db_index=True)
    sub_category = models.CharField(max_length=80, blank=True, default="", db_index=True)
    article_type = models.CharField(max_length=80, blank=True, default="", db_index=True)
    gender = models.CharField(max_length=20, blank=True, default="", db_index=True)
    colour = models.CharField(max_length=40, blank=True, default="", db_index=True)
    season = models.CharField(max_length=20, blank=True, default="")
    usage = models.CharField(max_length=40, blank=True, default="")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(Decimal("0"))])
    currency = models.CharField(max_length=3, blank=True, default="",
                                help_text="ISO 4217 code such as EUR; required when a price is set.")
    price_is_generated = models.BooleanField(
        default=False, help_text="The price was generated for the demo (the source catalog has no prices).")
    stock = models.PositiveIntegerField(null=True, blank=True,
                                        help_text="Units on hand; empty when stock is not tracked (counts as in stock).")
    active = models.BooleanField(default=True, db_index=True, help_text="Inactive products are not searchable.")
    attributes = models.JSONField(default=dict, blank=True, help_text="Free-form attributes as a JSON object.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    index_dirty = models.BooleanField(default=True, db_index=True, editable=False,
                                      help_text="Changed since it was last written to the search index.")
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["sku"]
        indexes = [models.Index(fields=["active", "index_dirty"])]

    def __str__(self) -> str:
        return f"{self.sku} · {self.title}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.price is not None and not self.currency:
            errors["currency"] = "Give the currency of the price (for example EUR)."
        if self.currency and (len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper()):
            errors["currency"] = "Use a three-letter upper-case ISO code such as EUR."
        if not isinstance(self.attributes, dict):
            errors["attributes"] = "Attributes must be a JSON object, for example {\"material\": \"cotton\"}."
        if errors:
            raise ValidationError(errors)

    @property
    def primary_image(self) -> "ProductImage | None":
        """The first image by position (uses the prefetch cache when the admin prefetched ``images``)."""
        images = list(self.images.all())
        return images[0] if images else None

    @property
    def in_stock(self) -> bool:
        return self.stock is None or self.stock > 0


class ProductImage(models.Model):
    """A product photo; the lowest position is the primary one (shown in lists and encoded for the index)."""

    product = models.ForeignKey(Product, related_name="images", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="products/")
    position = models.PositiveSmallIntegerField(default=0)
    alt_text = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.image.name
