"""Cancelling or moving an appointment the caller already has, found by the name or e-mail
they gave (or said): none, one, or several to choose from.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from studiobook.application.appointments.appointments import CannotReschedule
from studiobook.application.requests.request_answer import (
    RequestAnswer,
    customer_of,
    last_day,
)
from studiobook.domain.appointments import Appointment, Slot
from studiobook.domain.appointments.errors import SlotNotAvailable
from studiobook.domain.requests import day_window, starts_within
from studiobook.domain.shared.ids import saved_id

if TYPE_CHECKING:
    from studiobook.application.requests.answering import Answering


class ExistingAppointment:
    """Cancelling or moving an appointment the caller already has."""

    def __init__(self, context: Answering, moving: bool) -> None:
        self.c = context
        self.say = context.say
        self.moving = moving

    def answer(self, book: bool, customer: object) -> RequestAnswer:
        c, r = self.c, self.c.request
        name, email = customer_of(customer)
        names = [n for n in (name, r.caller_name) if n]
        emails = [email] if email else []
        said = r.customer  # the name or e-mail said ("den Termin von kim@example.com")
        if said and said.strip():
            (emails if "@" in said else names).append(said.strip())
        if not names and not emails:
            key = "identify_move" if self.moving else "identify_cancel"
            return c.reply("question", self.say.say(key), missing=("customer",))
        found = c.uc.records.upcoming(c.company_id, c.now, names, emails)
        if r.service is not None:
            found = [a for a in found if a.event_type_id == r.service.id]
        if not self.moving and r.date is not None:  # the day (or days) of the appointment
            final = last_day(r) or r.date
            found = [a for a in found if r.date <= a.start.astimezone(c.zone).date() <= final]
        who = self.say.listing(list(dict.fromkeys([*names, *emails])), "or")
        if not found:
            return c.reply("none", self.say.say("no_appointment", who=who))
        if len(found) > 1:
            options = tuple(self._describe(a) for a in found)
            text = self.say.say("several_appointments", who=who,
                                options=self.say.listing(options, "or"))
            return c.reply("question", text, options=options, missing=("appointment",))
        [appointment] = found
        if self.moving:
            return self._move(appointment, book)
        return self._cancel(appointment, book)

    def _describe(self, appointment: Appointment) -> str:
        c = self.c
        event_type = c.event_types.get(appointment.event_type_id)
        return self.say.say(
            "appointment",
            service=event_type.name if event_type else str(appointment.event_type_id),
            day=self.say.day(appointment.start), time=self.say.time(appointment.start),
            staff=c.staff_names.get(appointment.staff_id, str(appointment.staff_id)),
        )

    def _cancel(self, appointment: Appointment, book: bool) -> RequestAnswer:
        c = self.c
        if not book:
            text = self.say.say("would_cancel", appointment=self._describe(appointment))
            return c.reply("confirm", text, event_type_id=appointment.event_type_id,
                           appointment=appointment)
        cancelled = c.uc.appointments.cancel(c.company_id, saved_id(appointment))
        return c.reply("cancelled", self.say.say("cancelled", appointment=self._describe(appointment)),
                       event_type_id=appointment.event_type_id, appointment=cancelled)

    def _move(self, appointment: Appointment, book: bool) -> RequestAnswer:
        c, r = self.c, self.c.request
        event_type_id = appointment.event_type_id
        current = self._describe(appointment)
        if r.date is None or r.time_from is None or not r.exact_time or last_day(r) is not None:
            slots = self._free(appointment) if r.date is not None else ()
            text = self.say.say("move_when", appointment=current)
            if slots:
                text += " " + self.say.say("free_for_move", times=self.c.days(slots))
            return c.reply("question", text, event_type_id=event_type_id, slots=slots,
                           appointment=appointment, missing=("time",))
        start = datetime.combine(r.date, r.time_from, tzinfo=c.zone)
        target = self.say.say("moment", day=self.say.day(start), time=self.say.time(start))
        if not book:
            offered = self._free(appointment, start, start + timedelta(minutes=1))
            if offered or self._own_time(appointment, start):
                text = self.say.say("would_move", appointment=current, target=target)
                return c.reply("confirm", text, event_type_id=event_type_id,
                               slots=offered, appointment=appointment)
            return self._not_free(appointment, current, target, start)
        try:
            moved = c.uc.appointments.reschedule(c.company_id, saved_id(appointment), start)
        except SlotNotAvailable:
            return self._not_free(appointment, current, target, start)
        except CannotReschedule as refused:
            return c.reply("none", self.say.say("cannot_move", appointment=current,
                                                reason=str(refused)),
                           event_type_id=event_type_id, appointment=appointment)
        text = self.say.say("moved", appointment=current, target=target)
        return c.reply("rescheduled", text, event_type_id=event_type_id, appointment=moved)

    def _own_time(self, appointment: Appointment, start: datetime) -> bool:
        """Moving within its own time: availability sees the appointment itself as busy."""
        return appointment.start <= start < appointment.end

    def _not_free(
        self, appointment: Appointment, current: str, target: str, start: datetime
    ) -> RequestAnswer:
        slots = self._free(appointment, *self._day(start))
        text = self.say.say("move_not_free", appointment=current, target=target)
        if slots:
            text += " " + self.say.say("free_for_move", times=self.c.days(slots))
        return self.c.reply("question", text, event_type_id=appointment.event_type_id,
                            slots=slots, appointment=appointment, missing=("time",))

    def _day(self, start: datetime) -> tuple[datetime, datetime]:
        local = start.astimezone(self.c.zone).date()
        first = datetime.combine(local, datetime.min.time(), tzinfo=self.c.zone)
        return first, datetime.combine(local + timedelta(days=1), datetime.min.time(),
                                       tzinfo=self.c.zone)

    def _free(
        self, appointment: Appointment, start: datetime | None = None, end: datetime | None = None
    ) -> tuple[Slot, ...]:
        """Free slots of the appointment's event type with its staff member: in ``[start,
        end)``, or in the asked day's (or days') window."""
        c, r = self.c, self.c.request
        asked = start is None or end is None
        if start is None or end is None:
            first = r.date if r.date is not None else c.now.astimezone(c.zone).date()
            start = day_window(r, first, c.zone)[0]
            end = day_window(r, last_day(r) or first, c.zone)[1]
        if end <= c.now:
            return ()
        slots = c.uc.availability.slots(c.company_id, appointment.event_type_id, start, end,
                                        staff_id=appointment.staff_id, now=c.now).slots
        return tuple(s for s in slots if starts_within(r, s.start, c.zone)) if asked else slots
