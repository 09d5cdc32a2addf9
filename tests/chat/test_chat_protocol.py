"""The websocket protocol's happy paths, end to end through the ASGI app (eager tasks, in-memory layer)."""
from __future__ import annotations

import io
import uuid

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop_assistant.asgi import application
from shop_assistant.catalog.models import Product
from shop_assistant.chat.models import Conversation, Feedback, ShownResult, Turn
from shop_assistant.chat.uploads import store_upload

pytestmark = pytest.mark.django_db(transaction=True)

CARD_FIELDS = {"sku", "title", "image_url", "price", "currency", "price_is_generated", "matched", "why", "score"}


async def test_whole_protocol_round_trip(chat_client, fake_retriever):
    await database_sync_to_async(Product.objects.create)(sku="1001", title="Navy Blue Slim Shirt", price=29.5,
                                                         currency="EUR", price_is_generated=True)
    await chat_client.send({"type": "conversation.new"})
    conversation = await chat_client.receive()
    assert conversation["type"] == "conversation" and conversation["turns"] == []
    conversation_id, token = conversation["conversation_id"], conversation["token"]
    assert uuid.UUID(conversation_id) and len(token) >= 32

    await chat_client.send({"type": "turn", "text": "navy blue shirt for men", "image_id": None,
                            "reference_sku": None, "client_ref": "c-1"})
    assert await chat_client.receive() == {"type": "turn.accepted", "turn": 1, "conversation_id": conversation_id,
                                           "client_ref": "c-1"}
    results, text = await chat_client.turn_answer()
    assert results["turn"] == 1 and results["total_matches"] == 3
    first = results["products"][0]
    assert set(first) == CARD_FIELDS
    assert first == {"sku": "1001", "title": "Navy Blue Slim Shirt", "image_url": None, "price": 29.5,
                     "currency": "EUR", "price_is_generated": True, "matched": ["colour"], "why": "Fake rank 1.",
                     "score": 1.0}
    assert text == "Looking for blue for men navy shirt: 3 good matches."

    await chat_client.send({"type": "feedback", "turn": 1, "sku": "1002", "value": "dislike"})
    assert await chat_client.receive() == {"type": "feedback.accepted", "turn": 1, "sku": "1002", "value": "dislike"}
    await chat_client.send({"type": "feedback", "turn": 1, "sku": "1002", "value": "like"})
    assert (await chat_client.receive())["type"] == "feedback.accepted"

    await chat_client.send({"type": "turn", "text": "white", "image_id": None, "reference_sku": None,
                            "conversation_id": conversation_id})
    assert (await chat_client.receive())["turn"] == 2
    results, text = await chat_client.turn_answer()
    assert results["products"][0]["sku"] == "1002"
    assert text.endswith("Who is it for: men, women, boys or girls?")
    assert [turn.text for turn in fake_retriever.calls[-1]] == ["navy blue shirt for men", "white"]

    turns = await database_sync_to_async(lambda: list(Turn.objects.order_by("number")))()
    assert [(t.number, t.status, t.total_matches) for t in turns] == [(1, "done", 3), (2, "done", 3)]
    assert turns[1].assistant_text == text and turns[0].latency_ms is not None
    assert await database_sync_to_async(ShownResult.objects.count)() == 6
    feedback = await database_sync_to_async(lambda: list(Feedback.objects.values_list("sku", "value")))()
    assert feedback == [("1002", "like")]

    reloaded = WebsocketCommunicator(application, "/ws/chat/")
    await reloaded.connect()
    await reloaded.receive_json_from()
    await reloaded.send_json_to({"type": "conversation.resume", "conversation_id": conversation_id, "token": token})
    history = await reloaded.receive_json_from()
    assert history["conversation_id"] == conversation_id and history["token"] == token
    assert [(t["turn"], t["text"], t["assistant"]) for t in history["turns"]] == [
        (1, "navy blue shirt for men", "Looking for blue for men navy shirt: 3 good matches."), (2, "white", text)]
    assert history["turns"][0]["products"][0] == first
    assert history["turns"][1]["image_url"] is None and history["turns"][1]["reference_sku"] is None
    await reloaded.disconnect()


async def test_turn_without_conversation_creates_one_first(chat_client, fake_retriever):
    await chat_client.send({"type": "turn", "text": "black running shoes", "image_id": None, "reference_sku": None})
    conversation = await chat_client.receive()
    assert conversation["type"] == "conversation" and conversation["turns"] == []
    accepted = await chat_client.receive()
    assert accepted == {"type": "turn.accepted", "turn": 1, "conversation_id": conversation["conversation_id"]}
    results, _ = await chat_client.turn_answer()
    assert results["products"][0]["sku"] == "1003"
    stored = await database_sync_to_async(Conversation.objects.get)()
    assert str(stored.pk) == conversation["conversation_id"]
    assert await database_sync_to_async(stored.token_matches)(conversation["token"])


async def test_every_connection_on_a_conversation_receives_its_results(chat_client, fake_retriever):
    await chat_client.send({"type": "conversation.new"})
    conversation = await chat_client.receive()
    second_tab = WebsocketCommunicator(application, "/ws/chat/")
    await second_tab.connect()
    await second_tab.receive_json_from()
    await second_tab.send_json_to({"type": "conversation.resume", "conversation_id": conversation["conversation_id"],
                                   "token": conversation["token"]})
    assert (await second_tab.receive_json_from())["type"] == "conversation"

    await chat_client.send({"type": "turn", "text": "shirt", "image_id": None, "reference_sku": None})
    await chat_client.turn_answer()
    results = await second_tab.receive_json_from()
    assert results["type"] == "results" and results["turn"] == 1
    await second_tab.disconnect()


def _photo_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (20, 30, 120)).save(buffer, format="PNG")
    return SimpleUploadedFile("shirt.png", buffer.getvalue(), content_type="image/png")


async def test_photo_and_reference_turns_reach_the_retriever(chat_client, fake_retriever):
    image = await database_sync_to_async(store_upload)(_photo_upload())
    await database_sync_to_async(Product.objects.create)(sku="1002", title="White Oxford Shirt")

    await chat_client.send({"type": "turn", "text": "", "image_id": str(image.id), "reference_sku": None})
    conversation = (await chat_client.receive_until("turn.accepted"))[0]
    await chat_client.turn_answer()
    await chat_client.send({"type": "turn", "text": "like this but navy", "image_id": None,
                            "reference_sku": "1002"})
    await chat_client.receive_until("turn.accepted")
    await chat_client.turn_answer()

    photo_turn, reference_turn = fake_retriever.calls[-1]
    assert photo_turn.image is not None and photo_turn.image.size == (60, 80)
    assert photo_turn.image.getpixel((5, 5)) == pytest.approx((20, 30, 120), abs=3)
    assert reference_turn.reference_sku == "1002" and reference_turn.image is None

    await chat_client.send({"type": "conversation.resume", "conversation_id": conversation["conversation_id"],
                            "token": conversation["token"]})
    history = (await chat_client.receive())["turns"]
    assert history[0]["image_url"] == f"/media/{image.file.name}" and history[0]["text"] == ""
    assert history[1]["reference_sku"] == "1002" and history[1]["image_url"] is None
