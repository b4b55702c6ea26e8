"""Reading the course and timetable forms: every field arrives as text and is read here, so a bad
value is one sentence on the form the studio can fix (never a validation dump), and local
date/time fields become instants in the company's zone."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import Response

from studiobook.domain.courses.timetables import wall_clock_instant
from studiobook.entrypoints.web.admin.kit import one_line as line_of
from studiobook.entrypoints.web.admin.kit import render
from studiobook.entrypoints.web.deps import MAX_ID, Web
from studiobook.entrypoints.web.security import Principal

LONGEST_TEXT = 300


class FormProblem(ValueError):
    """One field the studio has to fix; the message is shown on the form."""


def text(form: Mapping[str, str], name: str, what: str, required: bool = False) -> str | None:
    value = form.get(name, "").strip()
    if len(value) > LONGEST_TEXT:
        raise FormProblem(f"{what} can have at most {LONGEST_TEXT} characters")
    if not value:
        if required:
            raise FormProblem(f"{what} is required")
        return None
    return value


def whole(
    form: Mapping[str, str], name: str, what: str, *, least: int = 0, required: bool = False
) -> int | None:
    """A whole number from ``least`` up; empty is ``None`` unless ``required``."""
    value = text(form, name, what, required)
    if value is None:
        return None
    if not value.isdigit() or int(value) > MAX_ID:
        raise FormProblem(f"{what} must be a whole number, got {value[:20]!r}")
    number = int(value)
    if number < least:
        raise FormProblem(f"{what} must be at least {least}, got {number}")
    return number


def an_id(form: Mapping[str, str], name: str, what: str) -> int | None:
    """A choice of a select; empty is "none"."""
    return whole(form, name, what, least=1)


def checked(form: Mapping[str, str], name: str) -> bool:
    return form.get(name, "") not in ("", "0", "false", "off")


def wall_clock(form: Mapping[str, str], name: str, what: str, required: bool = False) -> datetime | None:
    """A ``datetime-local`` field (``2027-01-04T18:00``): a wall-clock time without a zone."""
    value = text(form, name, what, required)
    if value is None:
        return None
    try:
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise FormProblem(f"{what} must be a date and time such as 2027-01-04T18:00") from None
    return moment


def local_instant(
    form: Mapping[str, str], name: str, what: str, zone: str, required: bool = False
) -> datetime | None:
    """A ``datetime-local`` field read on the company's wall clocks: the instant it names (a time
    the clocks skip in spring moves forward by the gap; a time they repeat in autumn is the
    first of the two)."""
    moment = wall_clock(form, name, what, required)
    return None if moment is None else wall_clock_instant(moment, ZoneInfo(zone))


def day(form: Mapping[str, str], name: str, what: str) -> date | None:
    value = text(form, name, what)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FormProblem(f"{what} must be a date such as 2027-06-30") from None


def local_field(moment: datetime | None, zone: str) -> str:
    """The value of a ``datetime-local`` field for an instant, on the company's clocks."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def minutes_between(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return ""
    return str(int((end - start) / timedelta(minutes=1)))


def one_line(error: Exception | None) -> str | None:
    """A refusal as the form shows it: one line."""
    return None if error is None else line_of(error)


def places(web: Web, caller: Principal, company_id: int | None) -> dict[str, list]:
    """The company's branches and staff, for the selects and for showing names."""
    if company_id is None:
        return {"branches": [], "staff": []}
    with caller.acting():
        return {
            "branches": web.container.companies().branches(company_id),
            "staff": web.container.staffing().list(company_id),
        }


def zone_of(companies: list, company_id: int | None) -> str:
    """The company's zone, from the companies a page lists."""
    return next((c.time_zone for c in companies if c.id == company_id), "UTC")


def name_of(items: list, item_id: int | None) -> str | None:
    return next((i.name for i in items if i.id == item_id), None)


def form_page(
    request: Request, web: Web, caller: Principal, template: str, notices: Mapping[str, str],
    company: int | None, companies: list, form: Mapping[str, str], error: Exception | None,
    **context: Any,
) -> Response:  # fmt: skip
    """A course or timetable form, filled with ``form``; refused (``error``): 422 with the
    reason in one line."""
    response = render(
        request, web, caller, template, notices, company_id=company, companies=companies,
        zone=zone_of(companies, company), form=form, error=one_line(error),
        **places(web, caller, company), **context,
    )  # fmt: skip
    if error is not None:
        response.status_code = 422
    return response
