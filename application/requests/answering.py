"""One answer in the making (:class:`Answering`): the request, where and when it was said, which
service and staff it is about (the company's default when no service was named; who does offer
it when the named staff member does not), and the wording of the slots found. Each intent is
answered by its own module: :mod:`.price_and_duration`, :mod:`.slot_search` with
:mod:`.booking_answers`, :mod:`.existing_appointments`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Unpack
from zoneinfo import ZoneInfo

from studiobook.application.requests.booking_answers import answer_booking
from studiobook.application.requests.existing_appointments import ExistingAppointment
from studiobook.application.requests.price_and_duration import answer_price_or_duration
from studiobook.application.requests.replies import Replies
from studiobook.application.requests.request_answer import (
    AnswerDetails,
    RequestAnswer,
    last_day,
    wished_staff,
)
from studiobook.application.requests.slot_search import Found, search
from studiobook.domain.appointments import EventType, Slot
from studiobook.domain.appointments.company import Company
from studiobook.domain.appointments.values import Id
from studiobook.domain.requests import BookingRequest, Intent, ServiceEntry, StaffEntry
from studiobook.domain.shared.ids import saved_id

if TYPE_CHECKING:
    from studiobook.application.requests.answers import Requests


class Answering:
    """One answer in the making: the request, where and when it was said, and the wording."""

    def __init__(
        self,
        use_case: Requests,
        company: Company,
        request: BookingRequest,
        zone: ZoneInfo,
        now: datetime,
        staff_names: Mapping[Id, str],
        event_types: Mapping[Id, EventType],
    ) -> None:
        self.uc = use_case
        self.company = company
        self.company_id = saved_id(company)
        self.request = request
        self.zone = zone
        self.now = now
        self.staff_names = staff_names
        self.event_types = event_types
        self.say = Replies(request.language, zone)
        self.assumed = False
        self.wish: tuple[StaffEntry, ...] = wished_staff(request)  # searched among, offering

    def reply(self, kind: str, text: str, **more: Unpack[AnswerDetails]) -> RequestAnswer:
        return RequestAnswer(self.request, kind, text, staff_names=self.staff_names,
                             zone=self.zone, assumed_service=self.assumed, **more)

    def answer(self, services: list[ServiceEntry], book: bool, customer: object) -> RequestAnswer:
        r = self.request
        intent = r.intent
        if intent in (Intent.CANCELLATION, Intent.RESCHEDULE):
            return ExistingAppointment(self, intent is Intent.RESCHEDULE).answer(
                book, customer)
        if r.ambiguous_services:
            return self._ask([s.name for s in r.ambiguous_services])
        service = r.service or (services[0] if len(services) == 1 else None) \
            or self._default(services)
        if service is None:
            names = [s.name for s in services]
            text = self.say.say("which_service", options=self.say.listing(names))
            return self.reply("question", text, options=tuple(names), missing=("service",))
        if r.ambiguous_staff and len(self.wish) < 2:  # "Anna oder Mehmet" is no question
            return self._ask([m.name for m in r.ambiguous_staff])
        assignments = {a.staff_id: a for a in self.uc.records.assignments(self.company_id, service.id)
                       if a.staff_id in self.staff_names}
        wished = self.wish
        self.wish = tuple(m for m in wished if m.id in assignments)
        if self.assumed and wished and not self.wish:
            return self._which_of_theirs(services, wished)
        prefix = []
        if self.assumed:
            prefix.append(self.say.say("assumed", service=service.name))
        not_offering = [m for m in wished if m.id not in assignments]
        if not_offering:
            prefix.append(self._not_offered(service, not_offering, assignments))
        if intent in (Intent.PRICE, Intent.DURATION):
            return answer_price_or_duration(self, intent, service, assignments, prefix,
                                            bool(not_offering))
        if wished and not self.wish:  # none of them offers it: those who do
            self.wish = tuple(StaffEntry(i, n) for i, n in self.staff_names.items()
                              if i in assignments)
        found = search(self, service)
        if book:
            return answer_booking(self, service, found, customer, " ".join(prefix),
                                  bool(not_offering))
        return self.describe(service, found, " ".join(prefix))

    def _default(self, services: list[ServiceEntry]) -> ServiceEntry | None:
        """The company's default event type, when it is active and someone offers it."""
        default_id = self.company.default_event_type_id
        service = next((s for s in services if s.id == default_id), None)
        if service is None or not self.uc.records.assignments(self.company_id, service.id):
            return None
        self.assumed = True
        return service

    def _which_of_theirs(
        self, services: list[ServiceEntry], wished: Sequence[StaffEntry]
    ) -> RequestAnswer:
        """No service named, and the wished staff do not offer the default: ask among theirs."""
        self.assumed = False
        offered: set[Id] = set()
        for member in wished:
            offered |= self.uc.records.offered_by(self.company_id, member.id)
        names = [s.name for s in services if s.id in offered] or [s.name for s in services]
        text = self.say.say("which_service", options=self.say.listing(names))
        return self.reply("question", text, options=tuple(names), missing=("service",))

    def _not_offered(
        self, service: ServiceEntry, members: Sequence[StaffEntry], offering: Mapping[Id, Any]
    ) -> str:
        names = self.say.listing([m.name for m in members], "or")
        others = [self.staff_names[i] for i in self.staff_names if i in offering]
        text = self.say.say("not_offered", names=names, service=service.name)
        if others:
            key = "offered_by" if len(others) > 1 else "offered_by_one"
            return text + self.say.say(key, service=service.name, names=self.say.listing(others))
        return text + self.say.say("offered_by_nobody", service=service.name)

    def _ask(self, names: list[str]) -> RequestAnswer:
        text = self.say.say("do_you_mean", options=self.say.listing(names, "or"))
        return self.reply("question", text, options=tuple(names))

    def who(self, slot: Slot | None = None) -> str:
        if len(self.wish) == 1:
            return self.say.who([self.wish[0].name])
        if slot is not None:
            return self.say.who([self.staff_names.get(i, str(i)) for i in slot.staff_ids])
        if self.wish:
            return self.say.who([m.name for m in self.wish], "or")
        return ""

    def describe(
        self, service: ServiceEntry, found: Found, prefix: str = "", explained: bool = False
    ) -> RequestAnswer:
        """``explained``: the prefix already says the wished time is not free."""
        r, say = self.request, self.say
        parts = [prefix] if prefix else []
        if r.unknown_staff:
            parts.append(say.say("unknown_staff", name=r.unknown_staff))
        if found.kind == "none":
            parts.append(say.say("none", service=service.name, who=self.who()))
        elif found.kind == "next_slot":
            slot = found.slots[0]
            if not found.in_window and r.has_window and not explained:
                parts.append(say.say("nothing_then", service=service.name, who=self.who()))
            parts.append(say.say("next", service=service.name, day=say.day(slot.start),
                                 time=say.time(slot.start), who=self.who(slot)))
        elif r.exact_time and last_day(r) is None:
            slot = found.slots[0]
            parts.append(say.say("free_at", service=service.name, day=say.day(slot.start),
                                 time=say.time(slot.start), who=self.who(slot)))
        else:
            parts.append(self._free_text(service, found.slots))
        return self.reply(found.kind, " ".join(parts), event_type_id=service.id, slots=found.slots)

    def _free_text(self, service: ServiceEntry, slots: Sequence[Slot]) -> str:
        days = {s.start.astimezone(self.zone).date() for s in slots}
        if len(days) == 1:
            return self.say.say("free_on", service=service.name, day=self.say.day(slots[0].start),
                                who=self.who(), times=self.say.times([s.start for s in slots]))
        return self.say.say("free_days", service=service.name, who=self.who(),
                            days=self.days(slots))

    def days(self, slots: Sequence[Slot]) -> str:
        """``am Montag, 30.11.2026 um 09:00 und 09:30; am Dienstag, ...``."""
        by_day: dict[date, list[datetime]] = {}
        for slot in slots:
            by_day.setdefault(slot.start.astimezone(self.zone).date(), []).append(slot.start)
        return "; ".join(self.say.say("day_times", day=self.say.day(starts[0]),
                                      times=self.say.times(starts)) for starts in by_day.values())
