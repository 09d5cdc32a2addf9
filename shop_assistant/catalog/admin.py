"""Admin for shop staff: photos in the list, search, filters, bulk (de)activation and re-indexing."""
from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from .models import Product, ProductImage
from .search import schedule_index_sync

THUMBNAIL_HEIGHT = 64


def _thumbnail(image: ProductImage | None, height: int = THUMBNAIL_HEIGHT) -> str:
    if image is None or not image.image:
        return "—"
    return format_html('<img src="{}" alt="{}" style="height:{}px;width:auto;border-radius:4px" loading="lazy">',
                       image.image.url, image.alt_text, height)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ("preview", "image", "position", "alt_text")
    readonly_fields = ("preview",)
    ordering = ("position", "id")

    @admin.display(description="Preview")
    def preview(self, image: ProductImage) -> str:
        return _thumbnail(image if image.pk else None, height=96)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("thumbnail", "sku", "title", "brand", "article_type", "gender", "colour", "price_label",
                    "stock", "active", "index_state")
    list_display_links = ("thumbnail", "sku", "title")
    list_filter = ("active", "index_dirty", "master_category", "sub_category", "gender", "season", "usage",
                   "price_is_generated", "article_type", "colour")
    search_fields = ("=sku", "title", "brand", "article_type")
    list_per_page = 50
    inlines = [ProductImageInline]
    actions = ["activate", "deactivate", "reindex"]
    readonly_fields = ("price_is_generated", "created_at", "updated_at", "index_dirty", "indexed_at")
    fieldsets = (
        (None, {"fields": ("sku", "title", "brand", "active")}),
        ("Category", {"fields": ("master_category", "sub_category", "article_type", "gender", "colour", "season",
                                 "usage", "year")}),
        ("Price and stock", {"fields": ("price", "currency", "price_is_generated", "stock")}),
        ("Attributes", {"fields": ("attributes",)}),
        ("Search index", {"fields": ("index_dirty", "indexed_at", "created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        return super().get_queryset(request).prefetch_related("images")

    @admin.display(description="Photo")
    def thumbnail(self, product: Product) -> str:
        return _thumbnail(product.primary_image)

    @admin.display(description="Price", ordering="price")
    def price_label(self, product: Product) -> str:
        if product.price is None:
            return "—"
        if product.price_is_generated:
            return format_html('{} {} <span title="Generated for the demo: the source catalog has no prices" '
                               'style="color:#a15c00;font-size:0.85em">(generated)</span>',
                               product.price, product.currency)
        return f"{product.price} {product.currency}"

    @admin.display(description="Index", ordering="index_dirty")
    def index_state(self, product: Product) -> str:
        if not product.active:
            return "not searchable"
        return "pending" if product.index_dirty else "up to date"

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        if change and "price" in form.changed_data:
            obj.price_is_generated = False  # a price a person typed in is real
        super().save_model(request, obj, form, change)

    @admin.action(description="Activate selected products (make them searchable)")
    def activate(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._bulk_update(request, queryset, {"active": True}, "activated")

    @admin.action(description="Deactivate selected products (remove them from search)")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._bulk_update(request, queryset, {"active": False}, "deactivated")

    @admin.action(description="Re-index selected products")
    def reindex(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._bulk_update(request, queryset, {}, "queued for re-indexing")

    def _bulk_update(self, request: HttpRequest, queryset: QuerySet[Product], changes: dict[str, Any],
                     verb: str) -> None:
        count = queryset.update(**changes, index_dirty=True, updated_at=timezone.now())
        schedule_index_sync()
        self.message_user(request, f"{count} product(s) {verb}; the search index is being updated.",
                          messages.SUCCESS)
