"""Answering what a service costs or how long it takes: the event type's price or duration,
and a staff member's own (``custom_price``/``custom_duration``) where it differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from studiobook.application.requests.request_answer import RequestAnswer
from studiobook.domain.appointments import Assignment
from studiobook.domain.appointments.values import Id
from studiobook.domain.requests import Intent, ServiceEntry

if TYPE_CHECKING:
    from studiobook.application.requests.answering import Answering


def answer_price_or_duration(
    c: Answering, intent: Intent, service: ServiceEntry, assignments: Mapping[Id, Assignment],
    prefix: list[str], elsewhere: bool,
) -> RequestAnswer:
    """The event type's price or duration, and the staff's own where it differs: of the
    wished staff, or (no wish, or the wished do not offer it) of everyone offering it."""
    event_type = c.event_types[service.id]
    whose = [m.id for m in c.wish] if c.wish and not elsewhere else list(assignments)
    own: dict[Id, Decimal | int]
    show: Callable[[Decimal | int], str]
    if intent is Intent.PRICE:
        base: Decimal | int = event_type.price
        own = {i: event_type.price_for(assignments[i]) for i in whose}
        show, key = c.say.money, "costs"
    else:
        base = event_type.duration_minutes
        own = {i: event_type.duration_for(assignments[i]) for i in whose}
        show, key = c.say.minutes, "takes"
    differ = [f"{c.say.say('at_staff', name=c.staff_names[i])} {show(v)}"
              for i, v in own.items() if v != base]
    if c.wish and not elsewhere and not differ:
        sentence = c.say.say(key + "_with", service=service.name, value=show(base),
                                who=c.say.listing([m.name for m in c.wish], "or"))
    else:
        sentence = c.say.say(key, service=service.name, value=show(base))
        sentence = sentence[:-1] + (f"; {', '.join(differ)}." if differ else ".")
    asked = own[c.wish[0].id] if len(c.wish) == 1 and not elsewhere else base
    text = " ".join([*prefix, sentence])
    if isinstance(asked, Decimal):
        return c.reply("info", text, event_type_id=service.id, price=asked)
    return c.reply("info", text, event_type_id=service.id, duration_minutes=asked)
