"""Booking what a request asks for: only a booking wish with ``book=True`` and everything
needed (a service, a day with an exact time or "as soon as possible", no unknown staff member,
the customer's name); otherwise what is missing, or what is free instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from studiobook.application.requests.request_answer import (
    RequestAnswer,
    customer_of,
    last_day,
)
from studiobook.application.requests.slot_search import Found, search
from studiobook.domain.appointments.errors import SlotNotAvailable
from studiobook.domain.appointments.values import Id
from studiobook.domain.requests import Intent, ServiceEntry

if TYPE_CHECKING:
    from studiobook.application.requests.answering import Answering


def answer_booking(
    c: Answering, service: ServiceEntry, found: Found, customer: object, prefix: str = "",
    not_offered: bool = False,
) -> RequestAnswer:
    """``not_offered``: the wished staff do not offer the service (the prefix says so)."""
    r = c.request
    name, email = customer_of(customer)
    name = name or r.caller_name  # "Hier ist Lena Müller, buchen Sie mir ..."
    missing = []
    if r.intent is not Intent.BOOKING:
        missing.append("booking_wish")
    if not r.asap and not (r.date is not None and r.exact_time and last_day(r) is None):
        missing.append("time")
    if r.unknown_staff or not_offered:
        missing.append("staff")
    if not name:
        missing.append("name")
    if missing or not name:  # without a name, missing says "name"
        said = " ".join(p for p in (prefix, c.say.missing(missing)) if p)
        answer = c.describe(service, found, prefix=said)
        return c.reply("question", answer.text, event_type_id=service.id,
                          slots=answer.slots, missing=tuple(missing))
    if not found.in_window or found.kind == "none":
        if r.date is None or r.time_from is None or not r.exact_time:
            return c.describe(service, found, prefix)
        start = datetime.combine(r.date, r.time_from, tzinfo=c.zone)
        said = " ".join(p for p in (prefix, not_free(c, service, start)) if p)
        return c.describe(service, found, said, explained=True)
    slot = found.slots[0]
    if len(c.wish) == 1:
        in_turn: tuple[Id, ...] = (c.wish[0].id,)
    else:  # no wish, or several: primary staff first, then the least booked that day
        in_turn = c.uc.appointments.staff_in_turn(
            c.company_id, service.id, slot.staff_ids, slot.start
        )
    for staff_id in in_turn:
        try:
            booked = c.uc.appointments.book(
                c.company_id, service.id, staff_id, slot.start, name, email
            )
        except SlotNotAvailable:  # taken since we looked
            continue
        text = c.say.say("booked", service=service.name, day=c.say.day(slot.start),
                            time=c.say.time(slot.start),
                            staff=c.staff_names.get(staff_id, str(staff_id)),
                            customer=name)
        return c.reply("booked", " ".join(p for p in (prefix, text) if p),
                          event_type_id=service.id, slots=(slot,), appointment=booked)
    said = " ".join(p for p in (prefix, not_free(c, service, slot.start)) if p)
    return c.describe(service, search(c, service), said, explained=True)


def not_free(c: Answering, service: ServiceEntry, start: datetime) -> str:
    return c.say.say("not_free", service=service.name, day=c.say.day(start),
                        time=c.say.time(start), who=c.who())
