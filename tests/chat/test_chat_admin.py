"""Staff see in the admin what shoppers asked and what they were shown, and cannot change it."""
from __future__ import annotations

import pytest

from shop_assistant.chat import services, tasks
from shop_assistant.chat.models import Conversation, Feedback, Turn
from shop_assistant.chat.protocol import FeedbackRequest
from shop_assistant.chat.services import TurnPlan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def answered_turn(fake_retriever) -> Turn:
    conversation, _ = Conversation.start()
    turn = services.record_turn(conversation, TurnPlan(text="navy blue shirt for men", image=None, reference_sku=""))
    turn.refresh_from_db()
    services.record_feedback(turn, FeedbackRequest(turn=1, sku="1003", value="dislike"))
    return turn


def test_conversation_pages_show_the_dialogue(admin_client, answered_turn):
    conversation = answered_turn.conversation
    listing = admin_client.get("/admin/chat/conversation/").content.decode()
    assert str(conversation.pk) in listing and "navy blue shirt for men" in listing
    page = admin_client.get(f"/admin/chat/conversation/{conversation.pk}/change/").content.decode()
    assert "navy blue shirt for men" in page and "Looking for blue for men navy shirt: 3 good matches." in page


def test_turn_page_shows_results_and_feedback(admin_client, answered_turn):
    page = admin_client.get(f"/admin/chat/turn/{answered_turn.pk}/change/").content.decode()
    for shown in ("Navy Blue Slim Shirt", "White Oxford Shirt", "1003", "Dislike", "Done"):
        assert shown in page
    assert admin_client.get("/admin/chat/turn/?status__exact=done").status_code == 200
    assert admin_client.get("/admin/chat/feedback/").status_code == 200


def test_history_is_read_only(admin_client, answered_turn):
    assert admin_client.get("/admin/chat/conversation/add/").status_code == 403
    response = admin_client.post(f"/admin/chat/turn/{answered_turn.pk}/change/", {"text": "edited"})
    assert response.status_code == 403
    assert admin_client.post(f"/admin/chat/turn/{answered_turn.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Turn.objects.get(pk=answered_turn.pk).text == "navy blue shirt for men"
    assert Feedback.objects.count() == 1


def test_redelivered_turn_fails_instead_of_running_twice(fake_retriever):
    """acks_late redelivers a turn whose worker died mid-run; it must end as failed, not loop."""
    conversation, _ = Conversation.start()
    turn = Turn.objects.create(conversation=conversation, number=1, text="shirt", status=Turn.Status.RUNNING,
                               attempts=1)
    tasks.run_turn(turn.pk)
    turn.refresh_from_db()
    assert turn.status == Turn.Status.FAILED and turn.error.startswith("retrieval_failed")
    assert fake_retriever.calls == []
    tasks.run_turn(turn.pk)
    assert Turn.objects.get(pk=turn.pk).attempts == 2
