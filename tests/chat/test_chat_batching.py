"""A retrieval task answers other shoppers' waiting turns with its own, in one batched retriever call."""
from __future__ import annotations

import pytest

from shop_assistant.chat import tasks
from shop_assistant.chat.models import Conversation, ShownResult, Turn

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_turn(text: str, conversation: Conversation | None = None, number: int = 1) -> Turn:
    conversation = conversation or Conversation.start()[0]
    return Turn.objects.create(conversation=conversation, number=number, text=text)


def test_one_task_answers_every_waiting_turn_in_batches(fake_retriever, settings):
    settings.TURN_BATCH_SIZE = 3
    others = [_waiting_turn(f"white shirt {i}") for i in range(3)]
    first = _waiting_turn("navy shirt")  # the newest, but its own task answers it first
    tasks.run_turn(first.pk)
    assert fake_retriever.batches == [3, 1]
    assert fake_retriever.calls[0][-1].text == "navy shirt"
    assert set(Turn.objects.values_list("status", flat=True)) == {"done"}
    assert ShownResult.objects.filter(turn=others[0]).count() == 3
    tasks.run_turn(others[0].pk)  # a batched turn's own task finds nothing left to do
    assert fake_retriever.batches == [3, 1]


def test_a_batch_takes_one_turn_per_conversation(fake_retriever, settings):
    settings.TURN_BATCH_SIZE = 4
    conversation, _ = Conversation.start()
    first = _waiting_turn("navy shirt", conversation, 1)
    _waiting_turn("in white", conversation, 2)
    tasks.run_turn(first.pk)
    assert fake_retriever.batches == [1, 1]  # the second turn in the next batch, after the first was answered


def test_a_redelivered_batch_fails_every_turn_it_had_taken(fake_retriever):
    """The worker died mid-batch: its task comes back and must fail all its turns, not leave them running, even when
    its own turn was answered in an earlier batch."""
    own = _waiting_turn("belt")
    taken = [_waiting_turn(f"shirt {i}") for i in range(2)]
    other = _waiting_turn("shoes")
    Turn.objects.filter(pk=own.pk).update(status=Turn.Status.DONE, claimed_by="task-1")
    Turn.objects.filter(pk__in=[t.pk for t in taken]).update(status=Turn.Status.RUNNING, claimed_by="task-1")
    Turn.objects.filter(pk=other.pk).update(status=Turn.Status.RUNNING, claimed_by="task-2")
    tasks.run_turn.apply(args=[own.pk], task_id="task-1")
    assert {t.status for t in Turn.objects.filter(pk__in=[t.pk for t in taken])} == {"failed"}
    assert Turn.objects.get(pk=other.pk).status == "running"  # another live task's turn is left to it
    tasks.run_turn.apply(args=[other.pk], task_id="task-3")
    assert Turn.objects.get(pk=other.pk).status == "running" and fake_retriever.batches == []


def test_a_burst_of_turns_queues_only_a_few_tasks(fake_retriever, settings, monkeypatch):
    settings.RETRIEVAL_TASKS_WAITING = 2
    queued: list[int | None] = []
    turns = [_waiting_turn(f"shirt {i}") for i in range(5)]
    with monkeypatch.context() as patch:
        patch.setattr(tasks.run_turn, "delay", queued.append)  # a worker that has not started them yet
        for turn in turns:
            tasks.queue_turn(turn.pk)
    assert queued == [turns[0].pk, turns[1].pk]
    settings.TURN_BATCH_SIZE = 4
    tasks.run_turn(queued[0])  # the first to start answers all five
    assert fake_retriever.batches == [4, 1]
    tasks.run_turn(queued[1])
    assert fake_retriever.batches == [4, 1]
    tasks.queue_turn(_waiting_turn("shoes").pk)  # nothing waits any more: queued (and, eagerly, answered) at once
    assert fake_retriever.batches == [4, 1, 1]


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
