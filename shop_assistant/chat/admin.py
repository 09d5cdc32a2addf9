"""Read-only admin: staff review what shoppers asked and what they were shown; nobody edits history."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from .models import Conversation, Feedback, Preview, ShownResult, Turn, UploadedImage


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


class TurnInline(ReadOnlyInline):
    model = Turn
    fields = ("number", "text", "image", "reference_sku", "status", "assistant_text", "total_matches", "latency_ms")
    readonly_fields = fields


class ShownResultInline(ReadOnlyInline):
    model = ShownResult
    fields = ("rank", "sku", "title", "score", "matched")
    readonly_fields = fields

    @admin.display(description="title")
    def title(self, result: ShownResult) -> str:
        return result.card.get("title", "")


class FeedbackInline(ReadOnlyInline):
    model = Feedback
    fields = ("sku", "value", "updated_at")
    readonly_fields = fields


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "turn_count", "first_words", "created_at", "updated_at")
    date_hierarchy = "created_at"
    search_fields = ("id", "turns__text")
    fields = ("id", "created_at", "updated_at")
    readonly_fields = fields
    inlines = [TurnInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conversation]:
        return super().get_queryset(request).annotate(turn_total=Count("turns"))

    @admin.display(description="turns", ordering="turn_total")
    def turn_count(self, conversation: Conversation) -> int:
        return conversation.turn_total

    @admin.display(description="first turn")
    def first_words(self, conversation: Conversation) -> str:
        first = conversation.turns.order_by("number").first()
        return first.text[:80] if first else ""


@admin.register(Turn)
class TurnAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "text", "status", "total_matches", "latency_ms", "created_at")
    list_filter = ("status", "created_at")
    search_fields = ("text", "reference_sku", "conversation__id")
    list_select_related = ("conversation",)
    fields = ("conversation", "number", "text", "photo", "reference_sku", "wants_preview", "status", "attempts",
              "understood", "total_matches", "assistant_text", "error", "latency_ms", "created_at", "finished_at")
    readonly_fields = fields
    inlines = [ShownResultInline, FeedbackInline]

    @admin.display(description="photo")
    def photo(self, turn: Turn) -> str:
        if turn.image is None:
            return "-"
        return format_html('<img src="{}" alt="shopper photo" style="max-height:160px">', turn.image.file.url)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("turn", "sku", "value", "updated_at")
    list_filter = ("value",)
    search_fields = ("sku", "turn__text")
    readonly_fields = ("turn", "sku", "value", "created_at", "updated_at")


@admin.register(UploadedImage)
class UploadedImageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "original_format", "width", "height", "original_bytes", "created_at")
    list_filter = ("original_format",)
    readonly_fields = ("id", "preview", "original_format", "width", "height", "original_bytes", "created_at")
    fields = readonly_fields

    @admin.display(description="image")
    def preview(self, image: UploadedImage) -> str:
        return format_html('<img src="{}" alt="uploaded photo" style="max-height:240px">', image.file.url)


@admin.register(Preview)
class PreviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("turn", "prompt", "status", "feedback", "render_ms", "created_at")
    list_filter = ("status", "feedback", "created_at")
    search_fields = ("prompt", "reference_sku", "turn__conversation__id")
    list_select_related = ("turn",)
    readonly_fields = ("id", "turn", "picture", "prompt", "seed", "reference_sku", "reference_image", "image",
                       "status", "error", "feedback", "render_ms", "created_at", "finished_at")
    fields = readonly_fields

    @admin.display(description="picture")
    def picture(self, preview: Preview) -> str:
        if preview.image is None:
            return "-"
        return format_html('<img src="{}" alt="generated preview" style="max-height:240px">', preview.image.file.url)
