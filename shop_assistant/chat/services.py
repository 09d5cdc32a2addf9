"""Database side of the chat protocol: each request is checked by a ``check_*`` function that only reads and raises
``ProtocolError``, then written by a ``record_*`` function inside one transaction, so bad input leaves nothing behind.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Max, Prefetch

from .models import Conversation, Feedback, Preview, ShownResult, Turn, UploadedImage
from .protocol import ErrorCode, FeedbackRequest, ProtocolError, TurnRequest
from .tasks import queue_turn


def open_conversation() -> tuple[Conversation, str]:
    return Conversation.start()


def resume_conversation(conversation_id: uuid.UUID, token: str) -> Conversation:
    """The conversation if the token is its own; an unknown id answers like a wrong token (no existence oracle)."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None or not conversation.token_matches(token):
        raise ProtocolError(ErrorCode.FORBIDDEN_CONVERSATION, "That conversation does not exist or the token is wrong.")
    return conversation


def conversation_history(conversation: Conversation) -> list[dict[str, Any]]:
    """Every turn with the cards shown and the assistant's answer, so a reloaded page can redraw itself."""
    turns = (
        conversation.turns.select_related("image", "preview__image")
        .prefetch_related(Prefetch("results", queryset=ShownResult.objects.order_by("rank")))
        .order_by("number")
    )
    return [
        {
            "turn": turn.number,
            "text": turn.text,
            "image_url": turn.image.file.url if turn.image else None,
            "reference_sku": turn.reference_sku or None,
            "products": [result.card for result in turn.results.all()],
            "assistant": turn.assistant_text,
            "preview": _ready_preview(turn),
        }
        for turn in turns
    ]


def _ready_preview(turn: Turn) -> dict[str, Any] | None:
    """The turn's finished preview in the ``preview.ready`` shape (without ``type``/``turn``), else None."""
    preview = getattr(turn, "preview", None)
    if preview is None or preview.status != Preview.Status.READY or preview.image is None:
        return None
    return {"preview_id": str(preview.pk), "image_url": preview.image.file.url, "image_id": str(preview.image.pk),
            "feedback": preview.feedback or None}


def conversation_message(conversation: Conversation, token: str, history: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "conversation", "conversation_id": str(conversation.pk), "token": token, "turns": history}


@dataclass(frozen=True)
class TurnPlan:
    """A turn that passed every check and can be written."""

    text: str
    image: UploadedImage | None
    reference_sku: str
    wants_preview: bool = False


def check_turn(request: TurnRequest, bound_conversation: uuid.UUID | None) -> TurnPlan:
    if request.conversation_id is not None and request.conversation_id != bound_conversation:
        raise ProtocolError(
            ErrorCode.FORBIDDEN_CONVERSATION,
            "This connection is not attached to that conversation; send conversation.resume with its token first.",
        )
    image = None
    if request.image_id is not None:
        image = UploadedImage.objects.filter(pk=request.image_id).first()
        if image is None:
            raise ProtocolError(ErrorCode.IMAGE_NOT_FOUND, f"No uploaded image has id {request.image_id}.")
    if request.reference_sku is not None and not catalog_has_sku(request.reference_sku):
        raise ProtocolError(ErrorCode.UNKNOWN_SKU, f"No product with SKU {request.reference_sku!r} is in the catalog.")
    return TurnPlan(text=request.text, image=image, reference_sku=request.reference_sku or "",
                    wants_preview=request.preview)


def catalog_has_sku(sku: str) -> bool:
    product_model = apps.get_model("catalog", "Product")
    return product_model.objects.filter(sku=sku, active=True).exists()


def record_turn(conversation: Conversation, plan: TurnPlan) -> Turn:
    """Store the turn under the next number and queue its retrieval once the row is committed."""
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        last = locked.turns.aggregate(last=Max("number"))["last"] or 0
        turn = Turn.objects.create(
            conversation=locked, number=last + 1, text=plan.text, image=plan.image, reference_sku=plan.reference_sku,
            wants_preview=plan.wants_preview,
        )
        locked.save(update_fields=["updated_at"])
        transaction.on_commit(lambda: queue_turn(turn.pk))
    return turn


def check_feedback(request: FeedbackRequest, conversation: Conversation | None) -> Turn:
    if conversation is None:
        raise ProtocolError(ErrorCode.NO_CONVERSATION, "Start or resume a conversation before sending feedback.")
    turn = Turn.objects.filter(conversation=conversation, number=request.turn).first()
    if turn is None:
        raise ProtocolError(ErrorCode.UNKNOWN_TURN, f"This conversation has no turn {request.turn}.", request.turn)
    if request.preview_id is not None:
        if not Preview.objects.filter(pk=request.preview_id, turn=turn, status=Preview.Status.READY).exists():
            raise ProtocolError(ErrorCode.UNKNOWN_PREVIEW,
                                f"Turn {request.turn} has no finished preview {request.preview_id}.", request.turn)
    elif not turn.results.filter(sku=request.sku).exists():
        raise ProtocolError(ErrorCode.UNKNOWN_SKU, f"SKU {request.sku!r} was not shown in turn {request.turn}.",
                            request.turn)
    return turn


def record_feedback(turn: Turn, request: FeedbackRequest) -> None:
    """The latest vote counts: on the preview row, or one ``Feedback`` row per product and turn."""
    if request.preview_id is not None:
        Preview.objects.filter(pk=request.preview_id, turn=turn).update(feedback=request.value)
    else:
        Feedback.objects.update_or_create(turn=turn, sku=request.sku, defaults={"value": request.value})
