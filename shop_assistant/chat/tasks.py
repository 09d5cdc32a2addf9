"""Celery side of a chat turn: run the retriever, store what was shown, push it to the conversation's group; then,
for turns that asked for one, draw the GenIR preview on the ``genir`` queue and stream its progress the same way.

The retriever (and its models) is built once per worker process: ``warm_models`` starts loading it as soon as a
pool process starts (``WARM_MODELS_ON_WORKER_START``), in a thread, because Celery kills pool processes whose
``worker_process_init`` handlers block for more than a few seconds.
"""
from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any, Protocol, Sequence

from asgiref.sync import async_to_sync
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init, worker_process_shutdown
from channels.layers import get_channel_layer
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image

from .models import Preview, ShownResult, Turn, UploadedImage
from .protocol import RESULTS_LIMIT, ErrorCode, error_message, group_name
from .replies import assistant_chunks, assistant_text, product_card
from .readiness import WorkerHeartbeat

if TYPE_CHECKING:
    from genir.previewers import Previewer, PreviewRequest
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
    def warm_up(self) -> None: ...

    def run_many(self, dialogues: Sequence[Sequence["DialogueTurn"]],
                 limit: int = ...) -> list["TurnResult | Exception"]: ...


_retriever_lock = threading.Lock()


def load_retriever() -> Retriever:
    """The process's retriever; the lock makes the warm-up thread and a first task share one load."""
    from shop_assistant.catalog.retriever import get_retriever

    with _retriever_lock:
        return get_retriever()


def load_previewer() -> "Previewer | None":
    """The process's previewer from ``PREVIEWER_PATH``, or None while no model is trained or configured there
    (``get_previewer`` loads it once, under its own lock)."""
    from genir.previewers import get_previewer

    return get_previewer(settings.PREVIEWER_PATH)


class TurnFailed(Exception):
    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


WAITING_TASKS_KEY = "shop_assistant:retrieval-tasks-waiting"
# The waiting-task count expires this long after the last turn was queued, so a lost task message cannot stop turns
# from being queued for longer than that.
WAITING_TASKS_TTL_S = 30
# A task drains waiting turns batch after batch for this long, then hands over to a fresh task (other queues' tasks
# get the worker in between, and the soft time limit stays far away).
DRAIN_SECONDS = 15.0


def queue_turn(turn_id: int | None) -> None:
    """Queue a retrieval task for a committed turn, unless ``RETRIEVAL_TASKS_WAITING`` tasks are already waiting to
    start: each of those answers every waiting turn when it starts (batch after batch), this one included, so a burst
    of shoppers costs a few tasks instead of one each. ``None``: a task for whatever is waiting."""
    if _count_waiting_tasks(+1) <= settings.RETRIEVAL_TASKS_WAITING:
        run_turn.delay(turn_id)
    else:
        _count_waiting_tasks(-1)


def _count_waiting_tasks(change: int) -> int:
    """Add ``change`` to the number of queued retrieval tasks that have not started (shared by every web process and
    worker through the cache: Redis when configured); returns the new count."""
    cache.add(WAITING_TASKS_KEY, 0, WAITING_TASKS_TTL_S)
    try:
        count = cache.incr(WAITING_TASKS_KEY, change)
    except ValueError:  # expired between add and incr
        cache.add(WAITING_TASKS_KEY, max(change, 0), WAITING_TASKS_TTL_S)
        return max(change, 0)
    if change > 0:
        cache.touch(WAITING_TASKS_KEY, WAITING_TASKS_TTL_S)
    return count


@shared_task(name="shop_assistant.chat.tasks.run_turn", bind=True, ignore_result=True)
def run_turn(self: Task, turn_id: int | None) -> None:
    """Answer the waiting turns, this one first: batch after batch of up to ``TURN_BATCH_SIZE`` turns, until none
    waits (or ``DRAIN_SECONDS`` have passed: then a fresh task goes on).

    Under load many shoppers wait at once: the retriever answers a whole batch with one text-encoder and one
    beam-search call instead of one each. Failures reach each shopper as an ``error``; the task never raises.
    """
    _count_waiting_tasks(-1)
    task_id = self.request.id or ""
    _fail_orphans(task_id)
    deadline = time.monotonic() + DRAIN_SECONDS
    first = turn_id
    while True:
        started = time.perf_counter()
        turns = _claim(first, task_id)
        first = None
        if not turns or not _answer(turns, started):
            return
        if time.monotonic() > deadline:
            queue_turn(None)
            return


def _fail_orphans(task_id: str) -> None:
    """Turns still running under this very task: it was redelivered after its worker died mid-batch (acks_late +
    reject_on_worker_lost redeliver it once), so they fail instead of being answered twice or never."""
    orphans = Turn.objects.filter(status=Turn.Status.RUNNING, claimed_by=task_id)
    if orphans.update(attempts=F("attempts") + 1):
        for orphan in orphans.select_related("conversation"):
            _fail(orphan, TurnFailed(ErrorCode.RETRIEVAL_FAILED,
                                     "The worker answering this turn stopped; please retry."))


def _answer(turns: list[Turn], started: float) -> bool:
    """Run the retriever on a claimed batch and finish or fail each of its turns; False when the task ran out of
    time (the soft time limit) and must stop."""
    dialogues: list[tuple[Turn, list["DialogueTurn"]]] = []
    histories = _histories(turns)
    for turn in turns:
        try:
            dialogues.append((turn, _as_dialogue(histories[turn.pk])))
        except TurnFailed as failure:
            _fail(turn, failure)
    if not dialogues:
        return True
    claimed = time.perf_counter()
    try:
        outcomes = load_retriever().run_many([dialogue for _, dialogue in dialogues], limit=RESULTS_LIMIT)
    except SoftTimeLimitExceeded:
        for turn, _ in dialogues:
            _fail(turn, TurnFailed(ErrorCode.RETRIEVAL_FAILED, "Finding products took too long; please try again."))
        return False
    except Exception as error:  # noqa: BLE001 - any retriever fault must become a client error, not a dead turn
        outcomes = [error] * len(dialogues)
    retrieved = time.perf_counter()
    answered: list[tuple[Turn, "TurnResult"]] = []
    for (turn, _), outcome in zip(dialogues, outcomes):
        if isinstance(outcome, Exception):
            _fail(turn, _as_failure(outcome))
        else:
            answered.append((turn, outcome))
    if answered:
        _finish(answered)
    logger.info("answered %d turns: claim %.0f ms, retrieve %.0f ms, store and send %.0f ms", len(dialogues),
                1000 * (claimed - started), 1000 * (retrieved - claimed), 1000 * (time.perf_counter() - retrieved))
    return True


def _claim(turn_id: int | None, task_id: str) -> list[Turn]:
    """Mark this turn (when it still waits) and the oldest other waiting turns, one per conversation, up to
    ``TURN_BATCH_SIZE``, as running under ``task_id``; returns the turns this task now answers, its own first.
    Each row is taken with a conditional update, so two workers never answer the same turn."""
    own = Turn.objects.filter(pk=turn_id).first() if turn_id is not None else None
    wanted: list[int] = []
    conversations: set[int] = set()
    if own is not None and own.status == Turn.Status.PENDING:
        wanted.append(own.pk)
        conversations.add(own.conversation_id)
    waiting = (Turn.objects.filter(status=Turn.Status.PENDING).order_by("created_at", "pk")
               .values_list("pk", "conversation_id")[: 4 * settings.TURN_BATCH_SIZE])
    for pk, conversation_id in waiting:
        if len(wanted) < settings.TURN_BATCH_SIZE and conversation_id not in conversations:
            wanted.append(pk)
            conversations.add(conversation_id)
    if not wanted:
        return []
    Turn.objects.filter(pk__in=wanted, status=Turn.Status.PENDING).update(
        status=Turn.Status.RUNNING, claimed_by=task_id, attempts=F("attempts") + 1)
    claimed = {t.pk: t for t in Turn.objects.filter(pk__in=wanted, status=Turn.Status.RUNNING, claimed_by=task_id)
               .select_related("conversation")}
    return [claimed[pk] for pk in wanted if pk in claimed]


def _histories(turns: list[Turn]) -> dict[int, list[Turn]]:
    """Each turn's conversation so far (by turn id), read in one query; failed turns are left out so one bad photo
    does not break every later turn."""
    history: dict[int, list[Turn]] = {}
    for item in (Turn.objects.filter(conversation_id__in={turn.conversation_id for turn in turns})
                 .exclude(status=Turn.Status.FAILED).select_related("image").order_by("number")):
        history.setdefault(item.conversation_id, []).append(item)
    return {turn.pk: [item for item in history.get(turn.conversation_id, []) if item.number <= turn.number]
            for turn in turns}


def _as_dialogue(history: list[Turn]) -> list["DialogueTurn"]:
    """The conversation as the retriever sees it, photos opened."""
    from retrieval.types import DialogueTurn

    return [DialogueTurn(text=item.text, image=_open_image(item), reference_sku=item.reference_sku or None)
            for item in history]


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


def _finish(answered: list[tuple[Turn, "TurnResult"]]) -> None:
    """Store what a batch of turns showed in one transaction, then push each turn's messages to its conversation."""
    generated = generated_price_skus([product.sku for _, result in answered for product in result.products])
    finished = timezone.now()
    shown: list[ShownResult] = []
    outgoing: list[tuple[Turn, list[dict[str, Any]]]] = []
    for turn, result in answered:
        cards = [product_card(product, product.sku in generated) for product in result.products]
        shown.extend(ShownResult(turn=turn, rank=rank, sku=card["sku"], score=card["score"], matched=card["matched"],
                                 card=card) for rank, card in enumerate(cards, start=1))
        turn.status = Turn.Status.DONE
        turn.understood = result.understood
        turn.total_matches = result.total_matches
        turn.assistant_text = assistant_text(result)
        turn.latency_ms = int((finished - turn.created_at).total_seconds() * 1000)
        turn.finished_at = finished
        results = {"type": "results", "turn": turn.number, "products": cards, "total_matches": result.total_matches}
        chunks = [{"type": "assistant.message", "turn": turn.number, "delta": delta, "done": done}
                  for delta, done in assistant_chunks(turn.assistant_text)]
        outgoing.append((turn, [results, *chunks]))
    with transaction.atomic():
        ShownResult.objects.bulk_create(shown)
        Turn.objects.bulk_update([turn for turn, _ in answered], ["status", "understood", "total_matches",
                                                                 "assistant_text", "latency_ms", "finished_at"])
    async_to_sync(_group_send_all)([(group_name(turn.conversation_id), messages) for turn, messages in outgoing])
    for turn, result in answered:
        if turn.wants_preview:
            queue_preview(turn, result.understood)


def generated_price_skus(skus: list[str]) -> set[str]:
    product_model = apps.get_model("catalog", "Product")
    return set(product_model.objects.filter(sku__in=skus, price_is_generated=True).values_list("sku", flat=True))


def _send(turn: Turn, messages: list[dict[str, Any]]) -> None:
    async_to_sync(_group_send)(group_name(turn.conversation_id), messages)


async def _group_send(group: str, messages: list[dict[str, Any]]) -> None:
    """All of a turn's messages in one channel-layer event: one broker round trip, and they arrive in order."""
    await get_channel_layer().group_send(group, {"type": "chat.event", "messages": messages})


async def _group_send_all(sends: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """Several turns' messages to their conversations, concurrently."""
    await asyncio.gather(*(_group_send(group, messages) for group, messages in sends))


# --- GenIR previews ------------------------------------------------------------------------------------------------
class PreviewSuperseded(Exception):
    """A newer turn of the conversation asked for a preview: this one is no longer worth drawing."""


def queue_preview(turn: Turn, understood: dict[str, Any]) -> Preview:
    """Store what to draw for the turn and queue the drawing once the row is committed (the results are out)."""
    prompt = preview_prompt(turn, understood)
    reference = turn.reference_sku or (str(turn.image_id) if turn.image_id else "")
    with transaction.atomic():
        preview = Preview.objects.create(turn=turn, prompt=prompt, seed=preview_seed(prompt, reference),
                                         reference_sku=turn.reference_sku, reference_image_id=turn.image_id)
        transaction.on_commit(lambda: render_preview.delay(str(preview.pk)))
    return preview


def preview_prompt(turn: Turn, understood: dict[str, Any]) -> str:
    """What the tracker understood; for a bare "more like this" on a product, that product's own description."""
    from genir.prompts import intent_prompt, short_description

    prompt = intent_prompt(understood)
    if prompt or not turn.reference_sku:
        return prompt
    product = apps.get_model("catalog", "Product").objects.filter(sku=turn.reference_sku).first()
    if product is None:
        return ""
    return short_description(product.gender, [product.colour] if product.colour else [],
                             [product.article_type] if product.article_type else [], None)


def preview_seed(prompt: str, reference: str) -> int:
    """The same request (prompt and reference) always draws the same picture."""
    return int.from_bytes(hashlib.sha256(f"{prompt}\n{reference}".encode()).digest()[:4], "big")


@shared_task(name="shop_assistant.chat.tasks.render_preview")
def render_preview(preview_id: str) -> None:
    """Draw one queued preview, streaming ``preview.progress``, then ``preview.ready`` or ``preview.unavailable``.
    A newer turn asking for a preview stops this one silently, so an old picture never replaces a newer one."""
    from genir.previewers import PreviewError

    preview = Preview.objects.select_related("turn", "reference_image").filter(pk=preview_id).first()
    if preview is None or preview.status != Preview.Status.QUEUED:
        return
    try:
        if _superseded(preview):
            raise PreviewSuperseded
        previewer = load_previewer()
        if previewer is None:
            raise PreviewError("no_previewer", "Previews are not available: this server has no preview model yet.")
        request = _preview_request(preview)
        Preview.objects.filter(pk=preview.pk).update(status=Preview.Status.RENDERING)
        started = time.monotonic()
        image = previewer.render(request, lambda step, steps: _report_step(preview, step, steps))
        _store_preview(preview, image, int((time.monotonic() - started) * 1000))
    except PreviewSuperseded:
        Preview.objects.filter(pk=preview.pk).update(status=Preview.Status.SUPERSEDED, finished_at=timezone.now())
    except PreviewError as error:
        _preview_unavailable(preview, error.code, error.message)
    except SoftTimeLimitExceeded:
        _preview_unavailable(preview, "preview_failed", "Drawing the preview took too long.")
    except Exception:  # noqa: BLE001 - a broken previewer must not break the chat; the shopper is told
        logger.exception("render_preview failed")
        _preview_unavailable(preview, "preview_failed", "Drawing the preview failed.")


def _superseded(preview: Preview) -> bool:
    turn = preview.turn
    return (Turn.objects.filter(conversation_id=turn.conversation_id, number__gt=turn.number, wants_preview=True)
            .exclude(status=Turn.Status.FAILED).exists())


def _preview_request(preview: Preview) -> "PreviewRequest":
    """The prompt and, for a turn with a reference (a catalog product or a photo), that picture to start from."""
    from genir.previewers import PreviewError, PreviewRequest, load_reference

    reference_file = None
    if preview.reference_sku:
        product = apps.get_model("catalog", "Product").objects.filter(sku=preview.reference_sku).first()
        photo = product.primary_image if product is not None else None
        reference_file = photo.image if photo is not None else None
    elif preview.reference_image is not None:
        reference_file = preview.reference_image.file
    reference = None
    if reference_file is not None:
        try:
            with reference_file.open("rb") as handle:
                reference = load_reference(handle)
        except OSError as error:
            raise PreviewError("unreadable_reference", "The reference picture of this turn is gone.") from error
    return PreviewRequest(prompt=preview.prompt, seed=preview.seed, reference=reference)


def _report_step(preview: Preview, step: int, steps: int) -> None:
    if _superseded(preview):
        raise PreviewSuperseded
    _send(preview.turn, [{"type": "preview.progress", "turn": preview.turn.number, "preview_id": str(preview.pk),
                          "step": step, "steps": steps}])


def _store_preview(preview: Preview, image: "Image.Image", render_ms: int) -> None:
    """Keep the PNG as an ``UploadedImage`` (so a turn can search with it), unless a newer turn took over."""
    png = io.BytesIO()
    image.save(png, format="PNG")
    with transaction.atomic():
        locked = Preview.objects.select_for_update().get(pk=preview.pk)
        if _superseded(locked):
            raise PreviewSuperseded
        stored = UploadedImage(original_format="PNG", original_bytes=png.tell(), width=image.width,
                               height=image.height)
        stored.file.save(f"{stored.id}.png", ContentFile(png.getvalue()), save=False)
        stored.save()
        Preview.objects.filter(pk=preview.pk).update(image=stored, status=Preview.Status.READY, render_ms=render_ms,
                                                     finished_at=timezone.now())
    _send(preview.turn, [{"type": "preview.ready", "turn": preview.turn.number, "preview_id": str(preview.pk),
                          "image_url": stored.file.url, "image_id": str(stored.id)}])


def _preview_unavailable(preview: Preview, code: str, message: str) -> None:
    Preview.objects.filter(pk=preview.pk).update(status=Preview.Status.UNAVAILABLE, error=f"{code}: {message}",
                                                 finished_at=timezone.now())
    _send(preview.turn, [{"type": "preview.unavailable", "turn": preview.turn.number,
                          "preview_id": str(preview.pk), "code": code, "message": message}])


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
        load_retriever().warm_up()
    except Exception:  # noqa: BLE001 - a worker without models still answers with retrieval_failed, and /readyz says so
        logger.exception("Loading the retriever at worker start failed")
        return
    if settings.REDIS_URL:
        _heartbeat = WorkerHeartbeat(settings.REDIS_URL, f"{hostname}:{os.getpid()}")
        _heartbeat.start()
    try:
        load_previewer()
    except Exception:  # noqa: BLE001 - previews then answer preview.unavailable; search is unaffected
        logger.exception("Loading the previewer at worker start failed")


@worker_process_shutdown.connect
def stop_heartbeat(**kwargs: Any) -> None:
    if _heartbeat is not None:
        _heartbeat.stop()
