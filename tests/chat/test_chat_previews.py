"""GenIR previews over the websocket: opt-in per turn, progress then ready, unavailable without a model, steering
with the picture, feedback on it, and superseded previews (eager tasks, in-memory layer, a tiny previewer)."""
from __future__ import annotations

import io
import uuid

import pytest
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop_assistant.chat import tasks
from shop_assistant.chat.models import Conversation, Preview, Turn, UploadedImage
from shop_assistant.chat.uploads import store_upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def configured_previewer(monkeypatch: pytest.MonkeyPatch, tiny_previewer):
    monkeypatch.setattr(tasks, "load_previewer", lambda: tiny_previewer)
    return tiny_previewer


async def test_turn_asking_for_a_preview_streams_progress_then_ready(chat_client, fake_retriever,
                                                                     configured_previewer):
    await chat_client.send({"type": "turn", "text": "navy blue shirt", "preview": True})
    await chat_client.turn_answer()
    progress = [await chat_client.receive() for _ in range(configured_previewer.steps)]
    preview_id = progress[0]["preview_id"]
    assert progress == [{"type": "preview.progress", "turn": 1, "preview_id": preview_id, "step": step, "steps": 4}
                        for step in range(1, 5)]
    ready = await chat_client.receive()
    assert ready["type"] == "preview.ready" and ready["turn"] == 1 and ready["preview_id"] == preview_id
    preview = await database_sync_to_async(Preview.objects.select_related("image").get)(pk=preview_id)
    assert preview.status == Preview.Status.READY and preview.prompt == "blue navy shirt"
    assert ready["image_id"] == str(preview.image.pk) and ready["image_url"] == preview.image.file.url
    assert ready["image_url"].endswith(".png") and preview.image.original_format == "PNG"
    await chat_client.expect_nothing()


async def test_preview_steers_the_next_turn_and_takes_feedback(chat_client, fake_retriever, configured_previewer):
    await chat_client.send({"type": "turn", "text": "white shirt", "preview": True})
    ready = (await chat_client.receive_until("preview.ready"))[-1]

    await chat_client.send({"type": "feedback", "turn": 1, "preview_id": ready["preview_id"], "value": "dislike"})
    assert await chat_client.receive() == {"type": "feedback.accepted", "turn": 1,
                                           "preview_id": ready["preview_id"], "value": "dislike"}
    preview = await database_sync_to_async(Preview.objects.get)(pk=ready["preview_id"])
    assert preview.feedback == "dislike"

    await chat_client.send({"type": "turn", "text": "", "image_id": ready["image_id"]})
    accepted = await chat_client.receive()
    assert accepted["type"] == "turn.accepted" and accepted["turn"] == 2
    await chat_client.turn_answer()
    searched_with = fake_retriever.calls[-1][-1].image
    assert searched_with is not None and searched_with.size[1] == 16
    await chat_client.expect_nothing()


async def test_resumed_conversation_lists_the_ready_preview(chat_client, fake_retriever, configured_previewer):
    await chat_client.send({"type": "conversation.new"})
    conversation = await chat_client.receive()
    await chat_client.send({"type": "turn", "text": "red watch", "preview": True})
    ready = (await chat_client.receive_until("preview.ready"))[-1]
    await chat_client.send({"type": "conversation.resume", "conversation_id": conversation["conversation_id"],
                            "token": conversation["token"]})
    history = (await chat_client.receive())["turns"]
    assert history[0]["preview"] == {"preview_id": ready["preview_id"], "image_url": ready["image_url"],
                                     "image_id": ready["image_id"], "feedback": None}


async def test_without_a_model_the_client_is_told_previews_are_unavailable(chat_client, fake_retriever):
    await chat_client.send({"type": "turn", "text": "black shoes", "preview": True})
    await chat_client.turn_answer()
    unavailable = await chat_client.receive()
    assert unavailable["type"] == "preview.unavailable" and unavailable["turn"] == 1
    assert unavailable["code"] == "no_previewer" and "no preview model" in unavailable["message"]
    preview = await database_sync_to_async(Preview.objects.get)(pk=unavailable["preview_id"])
    assert preview.status == Preview.Status.UNAVAILABLE and preview.image_id is None


async def test_turns_that_do_not_ask_get_no_preview(chat_client, fake_retriever, configured_previewer):
    await chat_client.send({"type": "turn", "text": "navy blue shirt"})
    await chat_client.turn_answer()
    await chat_client.expect_nothing()
    assert not await database_sync_to_async(Preview.objects.exists)()


async def test_composed_turn_redraws_the_shoppers_photo(chat_client, fake_retriever, configured_previewer):
    photo = await database_sync_to_async(_upload_photo)()
    await chat_client.send({"type": "turn", "text": "like this but in red", "image_id": str(photo.pk),
                            "preview": True})
    messages = await chat_client.receive_until("preview.ready")
    steps = [m["step"] for m in messages if m["type"] == "preview.progress"]
    assert steps == [1, 2]  # strength 0.6 of 4 steps: image-to-image starts part-way
    preview = await database_sync_to_async(Preview.objects.get)(pk=messages[-1]["preview_id"])
    assert preview.reference_image_id == photo.pk and preview.prompt == "but in like red this"


async def test_a_photo_alone_gives_nothing_to_draw(chat_client, fake_retriever, configured_previewer):
    photo = await database_sync_to_async(_upload_photo)()
    await chat_client.send({"type": "turn", "text": "", "image_id": str(photo.pk), "preview": True})
    unavailable = (await chat_client.receive_until("preview.unavailable"))[-1]
    assert unavailable["code"] == "empty_prompt" and unavailable["turn"] == 1


def _upload_photo() -> UploadedImage:
    data = io.BytesIO()
    Image.new("RGB", (30, 40), (20, 20, 160)).save(data, format="PNG")
    return store_upload(SimpleUploadedFile("shirt.png", data.getvalue(), content_type="image/png"))


async def test_preview_requests_are_validated(chat_client, fake_retriever, configured_previewer):
    await chat_client.send({"type": "turn", "text": "shirt", "preview": "yes"})
    error = await chat_client.receive()
    assert error["type"] == "error" and error["code"] == "invalid_field" and "'preview'" in error["message"]

    await chat_client.send({"type": "turn", "text": "shirt", "preview": True})
    ready = (await chat_client.receive_until("preview.ready"))[-1]
    await chat_client.send({"type": "feedback", "turn": 1, "preview_id": str(uuid.uuid4()), "value": "like"})
    assert (await chat_client.receive())["code"] == "unknown_preview"
    await chat_client.send({"type": "feedback", "turn": 1, "preview_id": ready["preview_id"], "sku": "1001",
                            "value": "like"})
    assert (await chat_client.receive())["code"] == "invalid_field"


def test_a_superseded_preview_is_dropped_without_a_word(tiny_previewer, monkeypatch):
    monkeypatch.setattr(tasks, "load_previewer", lambda: tiny_previewer)
    sent: list[dict] = []
    monkeypatch.setattr(tasks, "_send", lambda turn, messages: sent.extend(messages))
    conversation, _ = Conversation.start()
    older = Turn.objects.create(conversation=conversation, number=1, text="red shirt", wants_preview=True)
    preview = Preview.objects.create(turn=older, prompt="Red Shirts", seed=1)
    Turn.objects.create(conversation=conversation, number=2, text="in blue", wants_preview=True)

    tasks.render_preview(str(preview.pk))

    preview.refresh_from_db()
    assert preview.status == Preview.Status.SUPERSEDED and preview.image_id is None
    assert sent == [] and not UploadedImage.objects.exists()


def test_a_newer_turn_stops_a_preview_between_steps(tiny_previewer, monkeypatch):
    monkeypatch.setattr(tasks, "load_previewer", lambda: tiny_previewer)
    sent: list[dict] = []
    conversation, _ = Conversation.start()
    older = Turn.objects.create(conversation=conversation, number=1, text="red shirt", wants_preview=True)
    preview = Preview.objects.create(turn=older, prompt="Red Shirts", seed=1)

    def send(turn, messages):
        sent.extend(messages)
        if len(sent) == 2:  # the shopper sends a new turn while step 2 is drawn
            Turn.objects.create(conversation=conversation, number=2, text="in blue", wants_preview=True)

    monkeypatch.setattr(tasks, "_send", send)
    tasks.render_preview(str(preview.pk))

    preview.refresh_from_db()
    assert preview.status == Preview.Status.SUPERSEDED
    assert [m["step"] for m in sent] == [1, 2] and not UploadedImage.objects.exists()


def test_same_request_gets_the_same_seed():
    assert tasks.preview_seed("Men Navy Blue Shirts", "") == tasks.preview_seed("Men Navy Blue Shirts", "")
    assert tasks.preview_seed("Men Navy Blue Shirts", "") != tasks.preview_seed("Men Navy Blue Shirts", "15970")


def test_admin_shows_the_rendered_preview(admin_client, tiny_previewer, monkeypatch):
    monkeypatch.setattr(tasks, "load_previewer", lambda: tiny_previewer)
    conversation, _ = Conversation.start()
    turn = Turn.objects.create(conversation=conversation, number=1, text="red shirt", wants_preview=True)
    preview = tasks.queue_preview(turn, {"colours": ["Red"], "article_types": ["Shirts"]})
    preview.refresh_from_db()
    assert preview.status == Preview.Status.READY and preview.prompt == "Red Shirts"
    listing = admin_client.get("/admin/chat/preview/").content.decode()
    assert "Red Shirts" in listing
    page = admin_client.get(f"/admin/chat/preview/{preview.pk}/change/").content.decode()
    assert preview.image.file.url in page and 'alt="generated preview"' in page
    assert admin_client.post(f"/admin/chat/preview/{preview.pk}/delete/", {"post": "yes"}).status_code == 403
