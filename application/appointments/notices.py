"""What a customer is told of their appointment: booked, cancelled, moved.

Each message is queued with :func:`~studiobook.application.notifications.outbox.enqueue` in the
transaction of the change, so it is stored exactly when the change is, and a message that cannot
be queued fails the change. An appointment without the customer's e-mail (the studio may book one
without) is told of nothing. An appointment the studio booked gets a manage token of its own,
issued here, so the customer can cancel or move it from the e-mail.
"""

from __future__ import annotations

from datetime import datetime

from studiobook.application.appointments.ports import AppointmentsUnitOfWork
from studiobook.application.appointments.tenancy import company_of, event_type_of
from studiobook.application.notifications.outbox import enqueue
from studiobook.application.notifications.telling import Voice, manage_link, voice_about
from studiobook.application.shared.public import issue_manage_token
from studiobook.domain.appointments import Appointment
from studiobook.domain.notifications.messages import (
    Language,
    Message,
    MessageKind,
    about_appointment,
)
from studiobook.domain.shared.ids import saved_id

APPOINTMENT = "appointment"  # the manage token's kind


def tell_appointment(
    uow: AppointmentsUnitOfWork,
    kind: MessageKind,
    appointment: Appointment,
    now: datetime,
    studio_language: Language,
    *,
    language: Language | None = None,
    token: str | None = None,
    previous_start: datetime | None = None,
) -> None:
    """Queue ``kind`` about ``appointment`` (as it stands after the change). ``language`` and
    ``token``: the customer's, when they made the change; else the last message's, else the
    studio's language — and a booking without a link gets a token issued now."""
    if not appointment.customer_email:
        return
    company = company_of(uow, appointment.company_id)
    company_id, appointment_id = int(saved_id(company)), int(saved_id(appointment))
    ref = company.slug or str(company_id)
    link = None if token is None else manage_link(ref, token)
    about = about_appointment(appointment_id)
    voice = voice_about(uow, about, studio_language, language, link)
    if voice.link is None and kind is MessageKind.APPOINTMENT_CONFIRMED:
        issued = issue_manage_token(uow, APPOINTMENT, appointment_id, company_id, now)
        voice = Voice(voice.language, manage_link(ref, issued))
    service = event_type_of(uow, appointment.company_id, appointment.event_type_id)
    message = Message(
        kind=kind,
        recipient_name=appointment.customer_name,
        recipient_email=appointment.customer_email,
        language=voice.language,
        studio=company.name,
        what=service.name,
        starts_at=appointment.start,
        ends_at=appointment.end,
        time_zone=company.time_zone,
        about=about,
        company_id=company_id,
        previous_starts_at=previous_start,
        manage_link=voice.link,
    )
    enqueue(uow, message, now)
