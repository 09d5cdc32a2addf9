"""What shoppers asked and what they were shown, kept so staff can review conversations in the admin."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from django.db import models


def hash_token(token: str) -> str:
    """Only a digest is stored, so a database dump does not hand out access to conversations."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class UploadedImage(models.Model):
    """A shopper's photo, re-encoded to JPEG on upload, or a rendered preview (PNG, see ``Preview``) kept here so a
    turn can search with it; the id is an unguessable UUID handed to the client."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.ImageField(upload_to="uploads/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_format = models.CharField(max_length=16)
    original_bytes = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.id} ({self.original_format} {self.width}x{self.height})"


class Conversation(models.Model):
    """A shopper's dialogue; whoever holds the token (browser localStorage or an API client) owns it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(self.id)

    @classmethod
    def start(cls) -> tuple["Conversation", str]:
        """Create a conversation and return it with its plain token (shown to the client once, never stored)."""
        token = secrets.token_urlsafe(32)
        return cls.objects.create(token_hash=hash_token(token)), token

    def token_matches(self, token: str) -> bool:
        return hmac.compare_digest(self.token_hash, hash_token(token))


class Turn(models.Model):
    """One shopper message and what the assistant made of it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="turns")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    image = models.ForeignKey(UploadedImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="turns")
    reference_sku = models.CharField(max_length=64, blank=True)
    wants_preview = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.CharField(max_length=64, blank=True, help_text="The worker task answering this turn.")
    understood = models.JSONField(default=dict, blank=True)
    total_matches = models.PositiveIntegerField(default=0)
    assistant_text = models.TextField(blank=True)
    error = models.TextField(blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["conversation", "number"]
        constraints = [models.UniqueConstraint(fields=["conversation", "number"], name="chat_turn_unique_number")]

    def __str__(self) -> str:
        return f"{self.conversation_id} #{self.number}"


class ShownResult(models.Model):
    """One product card as the shopper saw it; ``card`` keeps the shown title, price and photo even if the catalog
    changes later."""

    turn = models.ForeignKey(Turn, on_delete=models.CASCADE, related_name="results")
    rank = models.PositiveIntegerField()
    sku = models.CharField(max_length=64)
    score = models.FloatField()
    matched = models.JSONField(default=list, blank=True)
    card = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["turn", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["turn", "rank"], name="chat_result_unique_rank"),
            models.UniqueConstraint(fields=["turn", "sku"], name="chat_result_unique_sku"),
        ]

    def __str__(self) -> str:
        return f"{self.turn} {self.rank}. {self.sku}"


class Feedback(models.Model):
    """A like or dislike on a shown product; the latest vote per product and turn counts."""

    class Value(models.TextChoices):
        LIKE = "like", "Like"
        DISLIKE = "dislike", "Dislike"

    turn = models.ForeignKey(Turn, on_delete=models.CASCADE, related_name="feedback")
    sku = models.CharField(max_length=64)
    value = models.CharField(max_length=8, choices=Value.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["turn", "sku"]
        constraints = [models.UniqueConstraint(fields=["turn", "sku"], name="chat_feedback_unique_sku")]

    def __str__(self) -> str:
        return f"{self.turn} {self.sku}: {self.value}"


class Preview(models.Model):
    """GenIR's generated picture of what the shopper asked for in one turn, drawn after its results; ``image`` is the
    rendered PNG, usable as a turn's ``image_id`` ("search with this picture")."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        SUPERSEDED = "superseded", "Superseded by a newer turn"
        UNAVAILABLE = "unavailable", "Unavailable"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    turn = models.OneToOneField(Turn, on_delete=models.CASCADE, related_name="preview")
    prompt = models.TextField(blank=True)
    seed = models.BigIntegerField(default=0)
    reference_sku = models.CharField(max_length=64, blank=True)
    reference_image = models.ForeignKey(UploadedImage, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="previews_drawn_from")
    image = models.OneToOneField(UploadedImage, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="rendered_preview")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    feedback = models.CharField(max_length=8, choices=Feedback.Value.choices, blank=True)
    render_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.turn} preview ({self.status})"
