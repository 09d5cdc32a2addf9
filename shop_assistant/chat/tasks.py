"""Celery side of a chat turn: run the retriever, store what was shown, push it to the conversation's group.

The retriever (and its models) is built once per worker process: ``warm_models`` starts loading it as soon as a
pool process starts (``WARM_MODELS_ON_WORKER_START``), in a thread, because Celery kills pool processes whose
``worker_process_init`` handlers block for more than a few seconds.
"""
from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING, Any, Protocol, Sequence

from asgiref.sync import async_to_sync
from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init, worker_process_shutdown
from channels.layers import get_channel_layer
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from PIL import Image

from .models import ShownResult, Turn
from .protocol import RESULTS_LIMIT, ErrorCode, error_message, group_name
from .replies import assistant_chunks, assistant_text, product_card
from .readiness import WorkerHeartbeat

if TYPE_CHECKING:
    from retrieval.types import DialogueTurn, TurnResult

logger = logging.getLogger(__name__)

# Codes the retriever raises (retrieval.pipeline.RetrievalError) that the client is told as they are.
RETRIEVER_ERROR_CODES = {
    ErrorCode.UNKNOWN_SKU,
    ErrorCode.IMAGE_SEARCH_UNAVAILABLE,
    ErrorCode.IMAGE_TOO_LARGE,
    ErrorCode.UNREADABLE_IMAGE,
}


class Retriever(Protocol):
    def run(self, turns: Sequence["DialogueTurn"], limit: int = ...) -> "TurnResult": ...


_retriever_lock = threading.Lock()


def load_retriever() -> Retriever:
    """The process's retriever; the lock makes the warm-up thread and a first task share one load."""
    from shop_assistant.catalog.retriever import get_retriever

    with _retriever_lock:
        return get_retriever()


class TurnFailed(Exception):
    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@shared_task(name="shop_assistant.chat.tasks.run_turn")
def run_turn(turn_id: int) -> None:
    """Answer one stored turn. Failures reach the shopper as an ``error``; the task itself never raises."""
    turn = _claim(turn_id)
    if turn is None:
        return
    try:
        result = load_retriever().run(_dialogue(turn), limit=RESULTS_LIMIT)
    except SoftTimeLimitExceeded:
        _fail(turn, TurnFailed(ErrorCode.RETRIEVAL_FAILED, "Finding products took too long; please try again."))
    except TurnFailed as failure:
        _fail(turn, failure)
    except Exception as error:  # noqa: BLE001 - any retriever fault must become a client error, not a dead turn
        _fail(turn, _as_failure(error))
    else:
        _finish(turn, result)


def _claim(turn_id: int) -> Turn | None:
    """Mark the turn running; a turn already running was redelivered after its worker died, so it fails instead of
    looping (acks_late + reject_on_worker_lost redeliver it once)."""
    with transaction.atomic():
        turn = Turn.objects.select_for_update().select_related("conversation").filter(pk=turn_id).first()
        if turn is None or turn.status in (Turn.Status.DONE, Turn.Status.FAILED):
            return None
        redelivered = turn.status == Turn.Status.RUNNING
        turn.status = Turn.Status.RUNNING
        turn.attempts += 1
        turn.save(update_fields=["status", "attempts"])
    if redelivered:
        _fail(turn, TurnFailed(ErrorCode.RETRIEVAL_FAILED, "The worker answering this turn stopped; please retry."))
        return None
    return turn


def _dialogue(turn: Turn) -> list["DialogueTurn"]:
    """The conversation so far as the retriever sees it; failed turns are left out so one bad photo does not
    break every later turn."""
    from retrieval.types import DialogueTurn

    earlier = (
        Turn.objects.filter(conversation_id=turn.conversation_id, number__lte=turn.number)
        .exclude(status=Turn.Status.FAILED)
        .select_related("image")
        .order_by("number")
    )
    return [
        DialogueTurn(text=item.text, image=_open_image(item), reference_sku=item.reference_sku or None)
        for item in earlier
    ]


def _open_image(turn: Turn) -> Image.Image | None:
    if turn.image is None:
        return None
    try:
        with turn.image.file.open("rb") as handle:
            image = Image.open(handle)
            image.load()
            return image
    except (OSError, ValueError) as error:
        raise TurnFailed(ErrorCode.IMAGE_NOT_FOUND, f"The uploaded photo of turn {turn.number} is gone.") from error


def _as_failure(error: Exception) -> TurnFailed:
    code = getattr(error, "code", None)
    if code in RETRIEVER_ERROR_CODES:
        return TurnFailed(ErrorCode(code), str(error))
    logger.exception("run_turn failed")
    return TurnFailed(ErrorCode.RETRIEVAL_FAILED, "Finding products failed; please try again.")


def _fail(turn: Turn, failure: TurnFailed) -> None:
    Turn.objects.filter(pk=turn.pk).update(
        status=Turn.Status.FAILED, error=f"{failure.code}: {failure.message}", finished_at=timezone.now()
    )
    _send(turn, [error_message(failure.code, failure.message, turn.number)])


def _finish(turn: Turn, result: "TurnResult") -> None:
    generated = generated_price_skus([product.sku for product in result.products])
    cards = [product_card(product, product.sku in generated) for product in result.products]
    text = assistant_text(result)
    finished = timezone.now()
    with transaction.atomic():
        ShownResult.objects.bulk_create(
            ShownResult(turn=turn, rank=rank, sku=card["sku"], score=card["score"], matched=card["matched"], card=card)
            for rank, card in enumerate(cards, start=1)
        )
        Turn.objects.filter(pk=turn.pk).update(
            status=Turn.Status.DONE,
            understood=result.understood,
            total_matches=result.total_matches,
            assistant_text=text,
            latency_ms=int((finished - turn.created_at).total_seconds() * 1000),
            finished_at=finished,
        )
    results = {"type": "results", "turn": turn.number, "products": cards, "total_matches": result.total_matches}
    chunks = [{"type": "assistant.message", "turn": turn.number, "delta": delta, "done": done}
              for delta, done in assistant_chunks(text)]
    _send(turn, [results, *chunks])


def generated_price_skus(skus: list[str]) -> set[str]:
    product_model = apps.get_model("catalog", "Product")
    return set(product_model.objects.filter(sku__in=skus, price_is_generated=True).values_list("sku", flat=True))


def _send(turn: Turn, messages: list[dict[str, Any]]) -> None:
    async_to_sync(_group_send)(group_name(turn.conversation_id), messages)


async def _group_send(group: str, messages: list[dict[str, Any]]) -> None:
    layer = get_channel_layer()
    for message in messages:
        await layer.group_send(group, {"type": "chat.event", "message": message})


# --- models once per worker process ------------------------------------------------------------------------------
_heartbeat: WorkerHeartbeat | None = None


@worker_process_init.connect
def warm_models(sender: str | None = None, **kwargs: Any) -> None:
    if not getattr(settings, "WARM_MODELS_ON_WORKER_START", True):
        return
    threading.Thread(target=_warm_and_report, args=(sender or "worker",), name="warm-models", daemon=True).start()


def _warm_and_report(hostname: str) -> None:
    global _heartbeat
    try:
        load_retriever()
    except Exception:  # noqa: BLE001 - a worker without models still answers with retrieval_failed, and /readyz says so
        logger.exception("Loading the retriever at worker start failed")
        return
    if settings.REDIS_URL:
        _heartbeat = WorkerHeartbeat(settings.REDIS_URL, f"{hostname}:{os.getpid()}")
        _heartbeat.start()


@worker_process_shutdown.connect
def stop_heartbeat(**kwargs: Any) -> None:
    if _heartbeat is not None:
        _heartbeat.stop()
