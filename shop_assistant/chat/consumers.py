"""The ``/ws/chat/`` websocket: protocol version 1 (docs/websocket-api.md).

The consumer only validates, writes and forwards: retrieval runs in a Celery task that pushes ``results`` and the
streamed ``assistant.message`` to the conversation's channel-layer group, which every connection showing that
conversation has joined.
"""
from __future__ import annotations

import logging
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import services
from .models import Conversation
from .protocol import (
    PROTOCOL_VERSION,
    ClientMessage,
    ErrorCode,
    FeedbackRequest,
    NewConversation,
    ProtocolError,
    RateLimiter,
    ResumeConversation,
    TurnRequest,
    group_name,
    parse_frame,
)

logger = logging.getLogger(__name__)


class ChatConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        self.conversation: Conversation | None = None
        self.rate_limiter = RateLimiter()
        await self.accept()
        await self.send_json({"type": "session.ready", "version": PROTOCOL_VERSION})

    async def disconnect(self, code: int) -> None:
        await self._leave_group()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        """Every failure becomes one ``error`` message; nothing a client sends closes the connection."""
        try:
            if not self.rate_limiter.allow():
                raise ProtocolError(ErrorCode.RATE_LIMITED, "Too many messages; wait a moment and send again.")
            await self.handle(parse_frame(text_data, bytes_data))
        except ProtocolError as error:
            await self.send_json(error.as_message())

    async def handle(self, message: ClientMessage) -> None:
        if isinstance(message, NewConversation):
            conversation, token = await database_sync_to_async(services.open_conversation)()
            await self._bind(conversation)
            await self.send_json(services.conversation_message(conversation, token, []))
        elif isinstance(message, ResumeConversation):
            conversation, history = await database_sync_to_async(self._resume)(message)
            await self._bind(conversation)
            await self.send_json(services.conversation_message(conversation, message.token, history))
        elif isinstance(message, TurnRequest):
            await self._turn(message)
        elif isinstance(message, FeedbackRequest):
            await self._feedback(message)

    @staticmethod
    def _resume(message: ResumeConversation) -> tuple[Conversation, list[dict[str, Any]]]:
        conversation = services.resume_conversation(message.conversation_id, message.token)
        return conversation, services.conversation_history(conversation)

    async def _turn(self, request: TurnRequest) -> None:
        bound = self.conversation.pk if self.conversation else None
        plan = await database_sync_to_async(services.check_turn)(request, bound)
        if self.conversation is None:
            # Joined before the turn is queued, so results of an eager (in-process) task reach this connection.
            conversation, token = await database_sync_to_async(services.open_conversation)()
            await self._bind(conversation)
            await self.send_json(services.conversation_message(conversation, token, []))
        turn = await database_sync_to_async(services.record_turn)(self.conversation, plan)
        accepted: dict[str, Any] = {
            "type": "turn.accepted", "turn": turn.number, "conversation_id": str(self.conversation.pk)
        }
        if request.client_ref is not None:
            accepted["client_ref"] = request.client_ref
        await self.send_json(accepted)

    async def _feedback(self, request: FeedbackRequest) -> None:
        turn = await database_sync_to_async(services.check_feedback)(request, self.conversation)
        await database_sync_to_async(services.record_feedback)(turn, request)
        target = {"preview_id": str(request.preview_id)} if request.preview_id else {"sku": request.sku}
        await self.send_json({"type": "feedback.accepted", "turn": request.turn, **target, "value": request.value})

    async def _bind(self, conversation: Conversation) -> None:
        """Follow one conversation at a time: leave the previous group before joining the new one."""
        if self.conversation is not None and self.conversation.pk == conversation.pk:
            return
        await self._leave_group()
        self.conversation = conversation
        await self.channel_layer.group_add(group_name(conversation.pk), self.channel_name)

    async def _leave_group(self) -> None:
        if getattr(self, "conversation", None) is not None:
            await self.channel_layer.group_discard(group_name(self.conversation.pk), self.channel_name)

    async def chat_event(self, event: dict[str, Any]) -> None:
        """Messages from the retrieval or preview task (``results``, ``assistant.message``, ``error``,
        ``preview.*``) for this conversation, sent to the client one by one in order."""
        for message in event["messages"]:
            await self.send_json(message)
