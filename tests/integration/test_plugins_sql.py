"""A failing plugin never breaks the booking: on the real store, with the real container."""

from __future__ import annotations

import logging

import pytest

from studiobook.application.container import build_container
from studiobook.application.hookspecs import hookimpl
from studiobook.domain.courses.bookings import BookingStatus


class Broken:
    @hookimpl
    def studiobook_booking_cancelled(self, booking):
        raise RuntimeError("invoicing is down")


class Recorder:
    def __init__(self) -> None:
        self.cancelled: list[int] = []

    @hookimpl
    def studiobook_booking_cancelled(self, booking, tickets):
        self.cancelled.append((booking.id, tickets))


@pytest.fixture
def plugged(settings):
    """The real container on a real database with a broken plugin between two good ones."""
    before, broken, after = Recorder(), Broken(), Recorder()
    container = build_container(settings, plugins=[before, broken, after])
    container.store().ensure_schema()
    yield container, before, broken, after
    container.store().dispose()


def test_a_plugin_raising_in_booking_cancelled_does_not_undo_the_cancellation(plugged, caplog):
    container, before, broken, after = plugged
    studio = container.companies().create("Studio", "Europe/Berlin")
    course = container.courses().create("Yoga", 2, company_id=studio.id)
    booking = container.bookings().book(course.id, "Ada", "ada@example.org", 2)

    with caplog.at_level(logging.WARNING, logger="studiobook.plugins"):
        cancelled = container.bookings().cancel(booking.id, reason="ill")

    assert cancelled.status is BookingStatus.CANCELLED
    assert container.bookings().get(booking.id).status is BookingStatus.CANCELLED
    assert container.courses().get(course.id).free_spots == 2
    assert before.cancelled == after.cancelled == [(booking.id, 2)]

    broken_name = container.plugin_manager().get_name(broken)
    [failure] = container.store().plugin_failures()
    assert (failure["hook"], failure["plugin"]) == ("studiobook_booking_cancelled", broken_name)
    assert "RuntimeError: invoicing is down" in failure["message"]
    assert failure["occurred_at"].tzinfo is not None
    assert any(
        "invoicing is down" in r.getMessage() and broken_name in r.getMessage()
        for r in caplog.records
    )


def test_a_partial_cancellation_also_stands_when_a_plugin_fails(plugged):
    container, before, _, after = plugged
    studio = container.companies().create("Studio", "Europe/Berlin")
    course = container.courses().create("Yoga", 5, company_id=studio.id)
    booking = container.bookings().book(course.id, "Ada", "ada@example.org", 3)

    container.bookings().cancel(booking.id, tickets=2)

    stored = container.bookings().get(booking.id)
    assert (stored.status, stored.tickets) == (BookingStatus.CONFIRMED, 1)
    assert container.courses().get(course.id).free_spots == 4
    assert after.cancelled == [(booking.id, 2)]
    assert len(container.store().plugin_failures()) == 1
