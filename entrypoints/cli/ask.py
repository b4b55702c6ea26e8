"""``studiobook ask COMPANY_ID "TEXT"``: read a caller's request and answer it (SPEC 4).

JSON: ``{"request": {...the parse...}, "answer": {"kind", "text", "event_type_id", "slots",
"options", "missing", "appointment"}}``. ``time_from == time_to`` is one exact time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit_json,
    emit_table,
    json_option,
    pass_app,
)
from studiobook.entrypoints.cli.types import AWARE_DATETIME, STORED_INT


def _clock(value) -> str | None:
    return None if value is None else f"{value:%H:%M}"


def request_json(request) -> dict[str, Any]:
    """The parse, per the contract; ``ambiguous_staff``, ``language``, ``caller``,
    ``staff_alternatives`` (names), ``date_to`` and ``customer`` come on top."""
    return {
        "intent": request.intent.value,
        "service": None if request.service is None
        else {"id": request.service.id, "name": request.service.name},
        "ambiguous_services": [s.name for s in request.ambiguous_services],
        "staff": None if request.staff is None
        else {"id": request.staff.id, "name": request.staff.name},
        "ambiguous_staff": [m.name for m in request.ambiguous_staff],
        "unknown_staff": request.unknown_staff,
        "date": None if request.date is None else request.date.isoformat(),
        "time_from": _clock(request.time_from),
        "time_to": _clock(request.time_to),
        "part_of_day": None if request.part_of_day is None else request.part_of_day.value,
        "asap": request.asap,
        "language": request.language,
        "caller": request.caller_name,
        "staff_alternatives": [m.name for m in request.staff_alternatives],
        "date_to": None if request.date_to is None else request.date_to.isoformat(),
        "customer": request.customer,
    }


def answer_json(answer) -> dict[str, Any]:
    from studiobook.entrypoints.cli.render import appointment_json, slot_json

    return {
        "kind": answer.kind,
        "text": answer.text,
        "event_type_id": answer.event_type_id,
        "slots": [slot_json(s) for s in answer.slots],
        "options": list(answer.options),
        "missing": list(answer.missing),
        "appointment": None if answer.appointment is None
        else appointment_json(answer.appointment),
        "assumed_service": answer.assumed_service,
        "price": None if answer.price is None else str(answer.price),
        "duration_minutes": answer.duration_minutes,
    }


@dataclass(frozen=True)
class _EmailOnly:
    """A caller known by e-mail alone: enough to find their appointment, not to book."""

    email: str
    name: None = None


def _zone(ctx, param, value):
    if value is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(
            f"'{value}' is not an IANA time zone such as Europe/Berlin"
        ) from None


@click.command()
@click.argument("company_id", type=STORED_INT)
@click.argument("text")
@click.option("--now", type=AWARE_DATETIME, help="Read the text as if said at this instant.")
@click.option("--tz", "zone", callback=_zone, help="Time zone of the caller (default: the company's).")
@click.option("--book", is_flag=True,
              help="Book, cancel or move when the caller wants to and the request is complete "
                   "(without it: say what would happen).")
@click.option("--name", "customer_name",
              help="The caller's name (needed to book; finds their appointment to cancel or move).")
@click.option("--email", "customer_email",
              help="The caller's e-mail address (finds their appointment too).")
@json_option
@pass_app
def ask(app: App, company_id, text, now, zone, book, customer_name, customer_email, as_json) -> None:
    """Answer a booking request in German or English, e.g. "Hat Anna morgen um 15 Uhr Zeit?"."""
    from studiobook.domain.shared.customers import Customer

    customer: object = customer_name
    if customer_name and customer_email:
        customer = Customer.of(customer_name, customer_email)
    elif customer_email:
        customer = _EmailOnly(customer_email)
    answer = app.container.requests().answer_request(
        company_id, text, now=now, zone=zone, book=book, customer=customer
    )
    if as_json:
        emit_json({"request": request_json(answer.request), "answer": answer_json(answer)})
        return
    parsed = request_json(answer.request)
    shown = {k: v for k, v in parsed.items() if v not in (None, [], False)}
    for key, value in shown.items():
        value = value["name"] if isinstance(value, dict) else value
        click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    click.echo(f"answer: {answer.text}")
    if answer.slots:
        names = answer.staff_names or {}
        emit_table(
            ["START", "END", "STAFF"],
            [[f"{s.start.astimezone(answer.zone):%Y-%m-%d %H:%M}",
              f"{s.end.astimezone(answer.zone):%H:%M}",
              ", ".join(names.get(i, str(i)) for i in s.staff_ids)] for s in answer.slots],
        )
