"""``remembering``: the Idempotency-Key wrapper around a write (application/shared/public.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from studiobook.application.shared.ports import RememberedAnswer
from studiobook.application.shared.public import IdempotencyMismatch, Once, Replayed, remembering
from studiobook.domain.shared.errors import NotEnoughFreeSpots

NOW = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)  # an injected instant: nothing here reads a clock


class Answers:
    """Stored answers; ``committed_meanwhile`` appears only from the second look on, like the
    answer of a concurrent first request that committed while this one waited for its lock."""

    def __init__(self, committed_meanwhile: RememberedAnswer | None = None) -> None:
        self.looks = 0
        self.committed_meanwhile = committed_meanwhile
        self.remembered: list[tuple[str, str, RememberedAnswer]] = []

    def recall(self, scope, key, since):
        self.looks += 1
        return self.committed_meanwhile if self.looks > 1 else None

    def remember(self, scope, key, answer, at, expired_before):
        self.remembered.append((scope, key, answer))


class Uow:
    def __init__(self, answers: Answers) -> None:
        self.idempotency = answers


def once(fingerprint: str = "f1") -> Once[str]:
    return Once("api/v1", "key-1", fingerprint, lambda result: (201, {"booked": result}))


def full(uow, events):
    raise NotEnoughFreeSpots(7, 1, 0)


def test_a_refusal_replays_the_answer_a_concurrent_first_request_committed():
    first = RememberedAnswer("f1", 201, {"booked": "seat"})
    answers = Answers(committed_meanwhile=first)

    result = remembering(once(), NOW, full)(Uow(answers), [])

    assert result == Replayed(201, {"booked": "seat"})
    assert answers.looks == 2 and answers.remembered == []


def test_a_refusal_without_a_stored_answer_is_the_answer():
    answers = Answers()

    with pytest.raises(NotEnoughFreeSpots):
        remembering(once(), NOW, full)(Uow(answers), [])

    assert answers.looks == 2 and answers.remembered == []


def test_a_refusal_after_another_body_committed_under_the_key_is_a_mismatch():
    answers = Answers(committed_meanwhile=RememberedAnswer("other", 201, {}))

    with pytest.raises(IdempotencyMismatch):
        remembering(once(), NOW, full)(Uow(answers), [])


def test_a_fresh_result_is_remembered_with_its_answer():
    answers = Answers()

    result = remembering(once(), NOW, lambda uow, events: "seat")(Uow(answers), [])

    assert result == "seat"
    assert answers.remembered == [("api/v1", "key-1", RememberedAnswer("f1", 201, {"booked": "seat"}))]
