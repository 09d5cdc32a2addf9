"""Every bad input gets an ``error`` with its code, writes nothing, and leaves connection and conversation usable."""
from __future__ import annotations

import json
import uuid

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from shop_assistant.asgi import application
from shop_assistant.chat import consumers, tasks
from shop_assistant.chat.models import Conversation, Feedback, Turn
from shop_assistant.chat.protocol import MAX_FRAME_BYTES, RateLimiter

pytestmark = pytest.mark.django_db(transaction=True)


async def start_with_one_turn(client) -> dict:
    await client.send({"type": "conversation.new"})
    conversation = await client.receive()
    await client.send({"type": "turn", "text": "navy shirt", "image_id": None, "reference_sku": None})
    assert (await client.receive())["type"] == "turn.accepted"
    await client.turn_answer()
    return conversation


async def assert_still_usable(client, next_turn: int) -> None:
    """The same connection and conversation answer a normal turn after the error."""
    await client.send({"type": "turn", "text": "white shirt", "image_id": None, "reference_sku": None})
    accepted = (await client.receive_until("turn.accepted"))[-1]
    assert accepted["turn"] == next_turn
    results, _ = await client.turn_answer()
    assert results["turn"] == next_turn


async def turn_count() -> int:
    return await database_sync_to_async(Turn.objects.count)()


FRAME_ERRORS = [
    pytest.param("{not json", "invalid_json", id="malformed-json"),
    pytest.param("[1, 2]", "invalid_json", id="json-array"),
    pytest.param(json.dumps({"type": "dance"}), "unknown_type", id="unknown-type"),
    pytest.param(json.dumps({"text": "no type"}), "unknown_type", id="missing-type"),
    pytest.param(json.dumps({"type": "turn", "text": 5}), "invalid_field", id="text-not-string"),
    pytest.param(json.dumps({"type": "turn", "text": "x" * 1001}), "invalid_field", id="text-too-long"),
    pytest.param(json.dumps({"type": "turn", "text": "hi", "image_id": "nope"}), "invalid_field", id="bad-image-id"),
    pytest.param(json.dumps({"type": "turn", "text": "hi", "reference_sku": 7}), "invalid_field", id="bad-sku"),
    pytest.param(json.dumps({"type": "turn", "text": "hi", "conversation_id": "x"}), "invalid_field",
                 id="bad-conversation-id"),
    pytest.param(json.dumps({"type": "turn", "text": "  ", "image_id": None, "reference_sku": None}), "empty_turn",
                 id="empty-turn"),
    pytest.param(json.dumps({"type": "turn", "text": "x", "filler": "y" * MAX_FRAME_BYTES}), "frame_too_large",
                 id="oversized-frame"),
    pytest.param(json.dumps({"type": "turn", "text": "hi", "image_id": str(uuid.uuid4())}), "image_not_found",
                 id="unknown-image"),
    pytest.param(json.dumps({"type": "turn", "text": "hi", "reference_sku": "no-such-sku"}), "unknown_sku",
                 id="unknown-reference-sku"),
    pytest.param(json.dumps({"type": "turn", "text": "hi", "conversation_id": str(uuid.uuid4())}),
                 "forbidden_conversation", id="turn-for-another-conversation"),
    pytest.param(json.dumps({"type": "conversation.resume", "conversation_id": str(uuid.uuid4()), "token": "t"}),
                 "forbidden_conversation", id="resume-unknown-conversation"),
    pytest.param(json.dumps({"type": "conversation.resume", "conversation_id": str(uuid.uuid4())}),
                 "invalid_field", id="resume-without-token"),
    pytest.param(json.dumps({"type": "feedback", "turn": 1, "sku": "1001", "value": "love"}), "invalid_field",
                 id="feedback-bad-value"),
    pytest.param(json.dumps({"type": "feedback", "turn": "1", "sku": "1001", "value": "like"}), "invalid_field",
                 id="feedback-turn-not-int"),
    pytest.param(json.dumps({"type": "feedback", "turn": 9, "sku": "1001", "value": "like"}), "unknown_turn",
                 id="feedback-unknown-turn"),
    pytest.param(json.dumps({"type": "feedback", "turn": 1, "sku": "9999", "value": "like"}), "unknown_sku",
                 id="feedback-sku-not-shown"),
]


@pytest.mark.parametrize(("frame", "code"), FRAME_ERRORS)
async def test_bad_frame_gets_its_error_code(chat_client, fake_retriever, frame, code):
    await start_with_one_turn(chat_client)
    await chat_client.send_raw(frame)
    error = await chat_client.receive()
    assert error["type"] == "error" and error["code"] == code, error
    assert set(error) == {"type", "code", "message", "turn"} and error["message"]
    assert await turn_count() == 1
    await assert_still_usable(chat_client, next_turn=2)


async def test_binary_frame_is_refused(chat_client, fake_retriever):
    await chat_client.communicator.send_to(bytes_data=b"\x00\x01")
    assert (await chat_client.receive())["code"] == "invalid_json"
    await chat_client.communicator.send_to(bytes_data=b"x" * (MAX_FRAME_BYTES + 1))
    assert (await chat_client.receive())["code"] == "frame_too_large"
    await assert_still_usable(chat_client, next_turn=1)


async def test_feedback_before_any_conversation(chat_client, fake_retriever):
    await chat_client.send({"type": "feedback", "turn": 1, "sku": "1001", "value": "like"})
    error = await chat_client.receive()
    assert error["code"] == "no_conversation"
    assert await database_sync_to_async(Feedback.objects.count)() == 0
    await assert_still_usable(chat_client, next_turn=1)


async def test_wrong_token_keeps_the_current_conversation(chat_client, fake_retriever):
    mine = await start_with_one_turn(chat_client)
    other = await database_sync_to_async(Conversation.start)()
    await chat_client.send({"type": "conversation.resume", "conversation_id": str(other[0].pk),
                            "token": mine["token"]})
    assert (await chat_client.receive())["code"] == "forbidden_conversation"
    await chat_client.send({"type": "turn", "text": "hi", "conversation_id": str(other[0].pk)})
    assert (await chat_client.receive())["code"] == "forbidden_conversation"
    await assert_still_usable(chat_client, next_turn=2)
    turns = await database_sync_to_async(lambda: list(Turn.objects.values_list("conversation_id", flat=True)))()
    assert {str(conversation) for conversation in turns} == {mine["conversation_id"]}


async def test_rate_limit(fake_retriever, monkeypatch):
    monkeypatch.setattr(consumers, "RateLimiter", lambda: RateLimiter(capacity=3, per_second=0.5))
    limited = WebsocketCommunicator(application, "/ws/chat/")
    await limited.connect()
    await limited.receive_json_from()
    for _ in range(3):
        await limited.send_json_to({"type": "unknown"})
        assert (await limited.receive_json_from())["code"] == "unknown_type"
    await limited.send_json_to({"type": "conversation.new"})
    assert (await limited.receive_json_from())["code"] == "rate_limited"
    assert await database_sync_to_async(Conversation.objects.count)() == 0
    await limited.disconnect()


class ExplodingRetriever:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def run_many(self, dialogues, limit=50):
        raise self.error


class RetrieverRefusal(ValueError):
    """Shaped like retrieval.pipeline.RetrievalError."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@pytest.mark.parametrize(("error", "code"), [
    pytest.param(RuntimeError("model crashed"), "retrieval_failed", id="crash"),
    pytest.param(SoftTimeLimitExceeded(), "retrieval_failed", id="soft-time-limit"),
    pytest.param(RetrieverRefusal("image_search_unavailable", "Photo search needs the image encoder."),
                 "image_search_unavailable", id="retriever-refusal"),
    pytest.param(RetrieverRefusal("something_new", "?"), "retrieval_failed", id="unknown-retriever-code"),
])
async def test_failed_retrieval_is_an_error_for_that_turn(chat_client, fake_retriever, monkeypatch, error, code):
    await start_with_one_turn(chat_client)
    monkeypatch.setattr(tasks, "load_retriever", lambda: ExplodingRetriever(error))
    await chat_client.send({"type": "turn", "text": "broken", "image_id": None, "reference_sku": None})
    assert (await chat_client.receive())["type"] == "turn.accepted"
    failure = await chat_client.receive()
    assert failure["type"] == "error" and failure["code"] == code and failure["turn"] == 2
    failed = await database_sync_to_async(Turn.objects.get)(number=2)
    assert failed.status == "failed" and failed.error.startswith(code)

    monkeypatch.setattr(tasks, "load_retriever", lambda: fake_retriever)
    await assert_still_usable(chat_client, next_turn=3)
    assert [turn.text for turn in fake_retriever.calls[-1]] == ["navy shirt", "white shirt"]
