"""``studiobook availability|next-slot|appointment``: when someone is free, and appointments."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import click

from studiobook.entrypoints.cli.app import (
    App,
    emit,
    emit_json,
    emit_table,
    json_option,
    pass_app,
)
from studiobook.entrypoints.cli.types import AWARE_DATETIME, STORED_INT, AwareDateTime


@click.command()
@click.argument("event_type_id", type=STORED_INT)
@click.option("--from", "start", required=True, type=AWARE_DATETIME)
@click.option("--to", "end", required=True, type=AWARE_DATETIME)
@click.option("--staff", "staff_id", type=STORED_INT, help="Only this staff member.")
@click.option("--branch", "branch_id", type=STORED_INT, help="Only staff of this branch.")
@click.option("--company", "company_id", type=STORED_INT, help="Needed only to fall back from an unknown event type.")
@click.option("--now", type=AWARE_DATETIME, help="Answer as if it were this instant (default: now).")
@json_option
@pass_app
def availability(app: App, event_type_id, start, end, staff_id, branch_id, company_id, now, as_json) -> None:
    """Free start times for an event type, and who is free at each."""
    from studiobook.entrypoints.cli.render import closed_json, slot_json

    company_id = company_id or app.container.company_lookup().of_event_type(event_type_id)
    answer = app.container.availability().slots(
        company_id, event_type_id, start, end, staff_id=staff_id, branch_id=branch_id, now=now
    )
    document = {
        "event_type_id": answer.event_type_id,
        "fallback_used": answer.fallback_used,
        "slots": [slot_json(s) for s in answer.slots],
        "degraded": answer.degraded,  # Cal.com failed: local data only (a warning says why)
        "closed": closed_json(answer.closed),  # date -> why the company is closed that day
    }
    if as_json:
        emit_json(document)
        return
    if answer.fallback_used:
        click.echo(f"event type {event_type_id} is unknown or inactive; showing the default {answer.event_type_id}", err=True)
    emit_table(["START", "END", "STAFF"], [[s["start"], s["end"], ", ".join(map(str, s["staff"]))] for s in document["slots"]])
    for day, why in document["closed"].items():
        click.echo(f"{day} closed: {why}")


@click.command("next-slot")
@click.argument("event_type_id", type=STORED_INT)
@click.option("--staff", "staff_id", type=STORED_INT)
@click.option("--branch", "branch_id", type=STORED_INT)
@click.option("--after", type=AWARE_DATETIME, help="Search from this instant (default: now).")
@click.option("--company", "company_id", type=STORED_INT, help="Needed only to fall back from an unknown event type.")
@json_option
@pass_app
def next_slot(app: App, event_type_id, staff_id, branch_id, after, company_id, as_json) -> None:
    """The next free start time (JSON: the slot with "degraded", or null when none within 90
    days; a degraded answer also logs a warning on stderr)."""
    from studiobook.entrypoints.cli.render import slot_json

    company_id = company_id or app.container.company_lookup().of_event_type(event_type_id)
    answer = app.container.availability().next_slot(
        company_id, event_type_id, staff_id=staff_id, branch_id=branch_id, after=after
    )
    found = slot_json(answer.slot)
    if found is not None:
        found["degraded"] = answer.degraded
    if as_json:
        emit_json(found)
    elif found is None:
        click.echo("no free slot in the next 90 days")
    else:
        click.echo(f"{found['start']}  staff {', '.join(map(str, found['staff']))}")


@click.group()
def appointment() -> None:
    """Appointments with a staff member."""


@appointment.command("book")
@click.argument("event_type_id", type=STORED_INT)
@click.option("--staff", "staff_id", required=True, type=STORED_INT)
@click.option("--start", required=True, type=AWARE_DATETIME)
@click.option("--name", required=True)
@click.option("--email", required=True)
@json_option
@pass_app
def appointment_book(app: App, event_type_id, staff_id, start, name, email, as_json) -> None:
    """Book an appointment (checked live; never double-books a staff member); prints the id."""
    from studiobook.entrypoints.cli.render import appointment_json

    company_id = app.container.company_lookup().of_staff(staff_id)
    booked = app.container.appointments().book(company_id, event_type_id, staff_id, start, name, email)
    emit(as_json, appointment_json(booked), booked.id)


@appointment.command("cancel")
@click.argument("appointment_id", type=STORED_INT)
@json_option
@pass_app
def appointment_cancel(app: App, appointment_id, as_json) -> None:
    """Cancel an appointment; the time is free again at once."""
    from studiobook.entrypoints.cli.render import appointment_json

    company_id = app.container.company_lookup().of_appointment(appointment_id)
    cancelled = app.container.appointments().cancel(company_id, appointment_id)
    emit(as_json, appointment_json(cancelled), f"appointment {cancelled.id} cancelled")


class DayOrInstant(AwareDateTime):
    """An ISO 8601 instant with its offset, or a day (``YYYY-MM-DD``) in the company's zone."""

    name = "ISO-8601"
    example = "2026-12-01 or 2026-12-01T18:00+01:00"

    def convert(self, value, param, ctx):
        if isinstance(value, (date, datetime)):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            return super().convert(value, param, ctx)


DAY_OR_INSTANT = DayOrInstant()
LIST_RANGE_DAYS = 7


def _range(start, end, zone: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    """``[start, end)``: a day given for ``--from`` starts at its midnight, one given for
    ``--to`` ends at the next (it is included); left out, from today's midnight in the company's
    zone and to seven days after the start."""

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=zone)

    if start is None:
        start = midnight(now.astimezone(zone).date())
    elif not isinstance(start, datetime):
        start = midnight(start)
    if end is None:
        end = midnight(start.astimezone(zone).date() + timedelta(days=LIST_RANGE_DAYS))
    elif not isinstance(end, datetime):
        end = midnight(end + timedelta(days=1))
    if end <= start:
        raise click.BadParameter(
            f"{end.isoformat()} is not after the start {start.isoformat()}", param_hint="'--to'"
        )
    return start, end


def _when(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    start, end = start.astimezone(zone), end.astimezone(zone)
    shown = f"{start:%Y-%m-%d %H:%M}-"
    return shown + (f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}")


@appointment.command("list")
@click.argument("company_id", type=STORED_INT)
@click.option("--from", "start", type=DAY_OR_INSTANT,
              help="From this instant, or this day in the company's zone (default: today).")
@click.option("--to", "end", type=DAY_OR_INSTANT,
              help="Before this instant, or through this day (default: 7 days after --from).")
@click.option("--staff", "staff_id", type=STORED_INT, help="Only this staff member's.")
@click.option("--branch", "branch_id", type=STORED_INT, help="Only those of this branch's staff.")
@click.option("--status", type=click.Choice(["booked", "cancelled"]), help="Only these.")
@json_option
@pass_app
def appointment_list(app: App, company_id, start, end, staff_id, branch_id, status, as_json) -> None:
    """A company's appointments overlapping a range, by start, with times in its zone."""
    from studiobook.domain.appointments import AppointmentStatus
    from studiobook.entrypoints.cli.render import appointment_json, local_instant

    container = app.container
    company = container.companies().get(company_id)
    zone = ZoneInfo(company.time_zone)
    start, end = _range(start, end, zone, container.clock().now())
    found = container.appointments().list(
        company_id, start=start, end=end, staff_id=staff_id, branch_id=branch_id,
        status=AppointmentStatus(status) if status else None,
    )  # fmt: skip
    staff = {m.id: m.name for m in container.staffing().list(company_id)}
    services = {t.id: t.name for t in container.event_types().list(company_id)}
    if as_json:
        emit_json({
            "company_id": company_id, "time_zone": company.time_zone,
            "from": local_instant(start, company.time_zone),
            "to": local_instant(end, company.time_zone),
            "appointments": [
                appointment_json(a) | {"staff_name": staff.get(a.staff_id),
                                       "event_type_name": services.get(a.event_type_id)}
                for a in found
            ],
        })  # fmt: skip
        return
    if not found:
        click.echo(
            f"no appointments from {start.astimezone(zone):%Y-%m-%d %H:%M} "
            f"to {end.astimezone(zone):%Y-%m-%d %H:%M} {company.time_zone}"
        )
        return
    emit_table(
        ["ID", f"WHEN ({company.time_zone})", "STAFF", "EVENT TYPE", "CUSTOMER", "PRICE", "STATUS"],
        [[a.id, _when(a.start, a.end, zone), staff.get(a.staff_id, a.staff_id),
          services.get(a.event_type_id, a.event_type_id), a.customer_name, a.price,
          a.status.value] for a in found],
    )  # fmt: skip
