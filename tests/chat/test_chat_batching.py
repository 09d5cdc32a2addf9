"""A retrieval task answers other shoppers' waiting turns with its own, in one batched retriever call."""
from __future__ import annotations

import pytest

from shop_assistant.chat import tasks
from shop_assistant.chat.models import Conversation, ShownResult, Turn

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_turn(text: str, conversation: Conversation | None = None, number: int = 1) -> Turn:
    conversation = conversation or Conversation.start()[0]
    return Turn.objects.create(conversation=conversation, number=number, text=text)


def test_waiting_turns_of_other_shoppers_are_answered_in_one_batch(fake_retriever, settings):
    settings.TURN_BATCH_SIZE = 3
    first = _waiting_turn("navy shirt")
    others = [_waiting_turn(f"white shirt {i}") for i in range(3)]
    tasks.run_turn(first.pk)
    assert fake_retriever.batches == [3]  # its own turn and the two oldest waiting ones
    statuses = {t.pk: t.status for t in Turn.objects.all()}
    assert [statuses[t.pk] for t in [first, *others]] == ["done", "done", "done", "pending"]
    assert ShownResult.objects.filter(turn=others[0]).count() == 3
    tasks.run_turn(others[0].pk)  # the batched turn's own task finds it answered
    assert fake_retriever.batches == [3]
    tasks.run_turn(others[2].pk)
    assert fake_retriever.batches == [3, 1]


def test_a_batch_takes_one_turn_per_conversation(fake_retriever, settings):
    settings.TURN_BATCH_SIZE = 4
    conversation, _ = Conversation.start()
    first = _waiting_turn("navy shirt", conversation, 1)
    _waiting_turn("in white", conversation, 2)
    tasks.run_turn(first.pk)
    assert fake_retriever.batches == [1]


def test_a_redelivered_batch_fails_every_turn_it_had_taken(fake_retriever):
    """The worker died mid-batch: its task comes back and must fail all its turns, not leave them running."""
    taken = [_waiting_turn(f"shirt {i}") for i in range(2)]
    other = _waiting_turn("shoes")
    Turn.objects.filter(pk__in=[t.pk for t in taken]).update(status=Turn.Status.RUNNING, claimed_by="task-1")
    Turn.objects.filter(pk=other.pk).update(status=Turn.Status.RUNNING, claimed_by="task-2")
    tasks.run_turn.apply(args=[taken[1].pk], task_id="task-1")
    assert {t.status for t in Turn.objects.filter(pk__in=[t.pk for t in taken])} == {"failed"}
    assert Turn.objects.get(pk=other.pk).status == "running"  # another live task's turn is left to it
    tasks.run_turn.apply(args=[other.pk], task_id="task-3")
    assert Turn.objects.get(pk=other.pk).status == "running" and fake_retriever.batches == []


def test_one_faulty_conversation_does_not_fail_the_batch(fake_retriever, settings, monkeypatch):
    settings.TURN_BATCH_SIZE = 2
    first, second = _waiting_turn("navy shirt"), _waiting_turn("white shirt")

    def run_many(dialogues, limit=50):
        return [ValueError("model fault") if d[-1].text == "navy shirt" else fake_retriever.run(d, limit)
                for d in dialogues]

    monkeypatch.setattr(fake_retriever, "run_many", run_many)
    tasks.run_turn(first.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "failed" and first.error.startswith("retrieval_failed")
    assert second.status == "done"
