"""Availability questions take turns per process (issue 18): CPU-bound threads running side by
side share one interpreter lock, and each question got about twice as costly. The gate is
``STUDIOBOOK_AVAILABILITY_THREADS`` wide (1 by default), taken before the transaction opens and
let go on every way out."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest

from studiobook.application.container import build_container
from studiobook.application.settings import Settings, SettingsError
from tests.fakes import appointment_use_cases
from tests.unit.test_appointment_use_cases import Tenant, whole


def test_one_at_a_time_by_default_and_bad_widths_are_refused_in_one_line():
    assert Settings.from_env({}).availability_threads == 1
    assert Settings.from_env({"STUDIOBOOK_AVAILABILITY_THREADS": "4"}).availability_threads == 4
    for raw in ("0", "65"):
        with pytest.raises(SettingsError) as refused:
            Settings.from_env({"STUDIOBOOK_AVAILABILITY_THREADS": raw})
        assert str(refused.value) == "STUDIOBOOK_AVAILABILITY_THREADS must be from 1 to 64"


def test_the_container_gives_every_availability_of_a_process_the_same_gate(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path}/gate.db", availability_threads=2)
    container = build_container(settings)
    first, second = container.availability(), container.availability()
    assert first.gate is second.gate
    assert first.gate.acquire(blocking=False) and first.gate.acquire(blocking=False)
    assert not second.gate.acquire(blocking=False)  # two wide


def a_week():
    """Longer than a day: a question that waits for the gate."""
    start = whole()[0]
    return start, start + timedelta(days=7)


class _Counting:
    """Transactions that note how many reads run at the same moment."""

    def __init__(self, transactions) -> None:
        self.inner, self.now, self.most, self.lock = transactions, 0, 0, threading.Lock()

    def read(self, work):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            time.sleep(0.01)  # long enough for the other threads to arrive
            return self.inner.read(work)
        finally:
            with self.lock:
                self.now -= 1


def _studio_with(gate):
    studio = appointment_use_cases()
    salon = Tenant(studio, "Salon Schnittig")
    counting = _Counting(studio.availability.transactions)
    availability = replace(studio.availability, transactions=counting, gate=gate)
    return salon, counting, availability


def test_questions_from_many_threads_are_computed_one_at_a_time():
    salon, counting, availability = _studio_with(threading.BoundedSemaphore(1))
    answers = []

    def ask() -> None:
        answers.append(availability.slots(salon.company.id, salon.cut.id, *a_week()))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 6 and all(a.slots for a in answers)
    assert counting.most == 1


def test_without_a_gate_they_would_overlap():
    """The counting above can see overlap (else the test before proves nothing)."""
    salon, counting, availability = _studio_with(threading.BoundedSemaphore(6))
    threads = [
        threading.Thread(target=availability.slots, args=(salon.company.id, salon.cut.id, *a_week()))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counting.most > 1


def test_the_gate_is_let_go_when_the_question_fails():
    gate = threading.BoundedSemaphore(1)
    salon, _, availability = _studio_with(gate)
    with pytest.raises(Exception, match="company"):
        availability.slots(salon.company.id + 999, salon.cut.id, *a_week())
    assert gate.acquire(blocking=False)


def test_a_question_about_one_day_does_not_wait_for_the_gate():
    """A booking checks its one start through availability; it must not queue behind months,
    while a week does wait."""
    gate = threading.BoundedSemaphore(1)
    salon, _, availability = _studio_with(gate)
    start = whole()[0]
    answers: dict[str, object] = {}

    def ask(name: str, days: float) -> None:
        answers[name] = availability.slots(
            salon.company.id, salon.cut.id, start, start + timedelta(days=days)
        )

    with gate:  # someone is computing a month
        day = threading.Thread(target=ask, args=("day", 1))
        week = threading.Thread(target=ask, args=("week", 7))
        day.start()
        week.start()
        day.join(5)
        week.join(0.3)
        assert "day" in answers and "week" not in answers
    week.join(5)
    assert "week" in answers
