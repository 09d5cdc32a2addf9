"""Websocket protocol version 1 (docs/websocket-api.md): message shapes, error codes and syntactic validation.

Everything here is pure (no database): a frame either parses into one of the request dataclasses or raises
``ProtocolError`` with the code the client receives. Checks that need the database live in ``services``.
"""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

PROTOCOL_VERSION = 1
MAX_FRAME_BYTES = 16 * 1024
MAX_TEXT_CHARS = 1000
MAX_SKU_CHARS = 64
MAX_CLIENT_REF_CHARS = 100
RESULTS_LIMIT = 24


class ErrorCode(StrEnum):
    INVALID_JSON = "invalid_json"
    UNKNOWN_TYPE = "unknown_type"
    INVALID_FIELD = "invalid_field"
    FRAME_TOO_LARGE = "frame_too_large"
    EMPTY_TURN = "empty_turn"
    IMAGE_NOT_FOUND = "image_not_found"
    UNKNOWN_SKU = "unknown_sku"
    UNKNOWN_TURN = "unknown_turn"
    UNKNOWN_PREVIEW = "unknown_preview"
    FORBIDDEN_CONVERSATION = "forbidden_conversation"
    NO_CONVERSATION = "no_conversation"
    RETRIEVAL_FAILED = "retrieval_failed"
    RATE_LIMITED = "rate_limited"
    # Raised by the retriever for a turn it cannot answer (retrieval.pipeline.RetrievalError codes).
    IMAGE_SEARCH_UNAVAILABLE = "image_search_unavailable"
    IMAGE_TOO_LARGE = "image_too_large"
    UNREADABLE_IMAGE = "unreadable_image"


class ProtocolError(Exception):
    """A client mistake or a failed turn, sent as an ``error`` message; the connection stays open."""

    def __init__(self, code: ErrorCode, message: str, turn: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.turn = turn

    def as_message(self) -> dict[str, Any]:
        return error_message(self.code, self.message, self.turn)


def error_message(code: ErrorCode, message: str, turn: int | None = None) -> dict[str, Any]:
    return {"type": "error", "code": str(code), "message": message, "turn": turn}


@dataclass(frozen=True)
class NewConversation:
    pass


@dataclass(frozen=True)
class ResumeConversation:
    conversation_id: uuid.UUID
    token: str


@dataclass(frozen=True)
class TurnRequest:
    text: str
    image_id: uuid.UUID | None
    reference_sku: str | None
    conversation_id: uuid.UUID | None
    client_ref: str | None
    preview: bool = False


@dataclass(frozen=True)
class FeedbackRequest:
    """A vote on a product shown in a turn (``sku``) or on the turn's generated preview (``preview_id``)."""

    turn: int
    sku: str | None
    value: str
    preview_id: uuid.UUID | None = None


ClientMessage = NewConversation | ResumeConversation | TurnRequest | FeedbackRequest

FEEDBACK_VALUES = ("like", "dislike")


def parse_frame(text_data: str | None, bytes_data: bytes | None) -> ClientMessage:
    """Turn one websocket frame into a request, or raise the ``ProtocolError`` the client should see."""
    if text_data is None:
        size = len(bytes_data or b"")
        if size > MAX_FRAME_BYTES:
            raise ProtocolError(ErrorCode.FRAME_TOO_LARGE, f"Frames are limited to {MAX_FRAME_BYTES} bytes.")
        raise ProtocolError(ErrorCode.INVALID_JSON, "Send JSON as a text frame; binary frames are not accepted.")
    if len(text_data.encode("utf-8")) > MAX_FRAME_BYTES:
        raise ProtocolError(ErrorCode.FRAME_TOO_LARGE, f"Frames are limited to {MAX_FRAME_BYTES} bytes.")
    try:
        content = json.loads(text_data)
    except ValueError as exc:
        raise ProtocolError(ErrorCode.INVALID_JSON, f"The frame is not valid JSON: {exc}.") from exc
    if not isinstance(content, dict):
        raise ProtocolError(ErrorCode.INVALID_JSON, "A message must be a JSON object.")
    return parse_message(content)


def parse_message(content: dict[str, Any]) -> ClientMessage:
    kind = content.get("type")
    if kind == "conversation.new":
        return NewConversation()
    if kind == "conversation.resume":
        return ResumeConversation(
            conversation_id=_uuid_field(content, "conversation_id", required=True),
            token=_string_field(content, "token", max_chars=200, required=True),
        )
    if kind == "turn":
        return _parse_turn(content)
    if kind == "feedback":
        return _parse_feedback(content)
    known = "conversation.new, conversation.resume, turn, feedback"
    raise ProtocolError(ErrorCode.UNKNOWN_TYPE, f"Unknown message type {kind!r}; expected one of: {known}.")


def _parse_turn(content: dict[str, Any]) -> TurnRequest:
    text = _string_field(content, "text", max_chars=MAX_TEXT_CHARS, required=False) or ""
    request = TurnRequest(
        text=text.strip(),
        image_id=_uuid_field(content, "image_id", required=False),
        reference_sku=_string_field(content, "reference_sku", max_chars=MAX_SKU_CHARS, required=False) or None,
        conversation_id=_uuid_field(content, "conversation_id", required=False),
        client_ref=_string_field(content, "client_ref", max_chars=MAX_CLIENT_REF_CHARS, required=False),
        preview=_bool_field(content, "preview"),
    )
    if not (request.text or request.image_id or request.reference_sku):
        raise ProtocolError(ErrorCode.EMPTY_TURN, "A turn needs text, an image_id or a reference_sku.")
    return request


def _parse_feedback(content: dict[str, Any]) -> FeedbackRequest:
    turn = content.get("turn")
    if isinstance(turn, bool) or not isinstance(turn, int) or turn < 1:
        raise ProtocolError(ErrorCode.INVALID_FIELD, "Field 'turn' must be a positive integer.")
    value = content.get("value")
    if value not in FEEDBACK_VALUES:
        raise ProtocolError(ErrorCode.INVALID_FIELD, "Field 'value' must be 'like' or 'dislike'.", turn)
    preview_id = _uuid_field(content, "preview_id", required=False)
    sku = _string_field(content, "sku", max_chars=MAX_SKU_CHARS, required=preview_id is None)
    if sku is not None and preview_id is not None:
        raise ProtocolError(ErrorCode.INVALID_FIELD, "Send either 'sku' or 'preview_id', not both.", turn)
    return FeedbackRequest(turn=turn, sku=sku, value=value, preview_id=preview_id)


def _bool_field(content: dict[str, Any], name: str) -> bool:
    """An optional flag: absent or null is false."""
    value = content.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ProtocolError(ErrorCode.INVALID_FIELD, f"Field {name!r} must be true or false.")
    return value


def _string_field(content: dict[str, Any], name: str, max_chars: int, required: bool) -> str | None:
    value = content.get(name)
    if value is None:
        if required:
            raise ProtocolError(ErrorCode.INVALID_FIELD, f"Field {name!r} is required.")
        return None
    if not isinstance(value, str):
        raise ProtocolError(ErrorCode.INVALID_FIELD, f"Field {name!r} must be a string.")
    if len(value) > max_chars:
        raise ProtocolError(ErrorCode.INVALID_FIELD, f"Field {name!r} is longer than {max_chars} characters.")
    if required and not value.strip():
        raise ProtocolError(ErrorCode.INVALID_FIELD, f"Field {name!r} must not be empty.")
    return value


def _uuid_field(content: dict[str, Any], name: str, required: bool) -> uuid.UUID | None:
    value = _string_field(content, name, max_chars=64, required=required)
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise ProtocolError(ErrorCode.INVALID_FIELD, f"Field {name!r} must be a UUID.") from exc


class RateLimiter:
    """Token bucket per connection: bursts of ``capacity`` messages, then ``per_second`` on average."""

    def __init__(self, capacity: float = 20, per_second: float = 2.0) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self.tokens = capacity
        self.updated = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def group_name(conversation_id: uuid.UUID | str) -> str:
    """The channel-layer group every connection showing this conversation joins."""
    return f"chat.{uuid.UUID(str(conversation_id)).hex}"
