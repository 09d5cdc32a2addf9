"""Through the real services: Channels' Redis layer and a separate Celery worker process on the Redis broker."""
from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from shop_assistant.asgi import application
from shop_assistant.chat.models import ShownResult, Turn

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


async def test_turns_answered_by_a_real_worker(chat_celery_worker, chat_client):
    await chat_client.send({"type": "conversation.new"})
    conversation = await chat_client.receive()
    watcher = WebsocketCommunicator(application, "/ws/chat/")
    await watcher.connect()
    await watcher.receive_json_from()
    await watcher.send_json_to({"type": "conversation.resume", "conversation_id": conversation["conversation_id"],
                                "token": conversation["token"]})
    await watcher.receive_json_from()

    await chat_client.send({"type": "turn", "text": "black running shoes", "image_id": None, "reference_sku": None})
    assert (await chat_client.receive())["type"] == "turn.accepted"
    results, text = await chat_client.turn_answer(timeout=20)
    assert results["products"][0]["sku"] == "1003" and text.endswith("3 good matches.")
    assert (await watcher.receive_json_from(timeout=5))["type"] == "results"
    await watcher.disconnect()

    await chat_client.send({"type": "turn", "text": "slow and stuck", "image_id": None, "reference_sku": None})
    assert (await chat_client.receive())["turn"] == 2
    failure = await chat_client.receive(timeout=20)
    assert failure == {"type": "error", "code": "retrieval_failed", "turn": 2,
                       "message": "Finding products took too long; please try again."}

    await chat_client.send({"type": "turn", "text": "white shirt", "image_id": None, "reference_sku": None})
    assert (await chat_client.receive())["turn"] == 3
    results, _ = await chat_client.turn_answer(timeout=20)
    assert results["products"][0]["sku"] == "1002"
    assert chat_celery_worker.poll() is None

    statuses = await database_sync_to_async(lambda: list(Turn.objects.order_by("number").values_list("status",
                                                                                                      flat=True)))()
    assert statuses == ["done", "failed", "done"]
    assert await database_sync_to_async(ShownResult.objects.count)() == 6
