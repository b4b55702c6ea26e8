"""Admin pages: members and leads, the studio's WODIFY location — the admin's, not a company
token's (a company token gets 403).

Lists and searches read the local copy; a detail page asks WODIFY for the record as it is now
(and shows the local copy, with one line saying so, when WODIFY does not answer). Every change
goes through WODIFY first (:mod:`studiobook.application.members.memberships`); when WODIFY or
the input refuses it, the page comes back with that one-line reason and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import Response

from studiobook.application.shared.ports import GatewayError, GatewayNotConfigured
from studiobook.domain.members.leads import ALLOWED_MOVES, Lead, LeadStatus
from studiobook.domain.members.member import Member, MembershipStatus, parse_status
from studiobook.domain.shared.changes import changed_fields
from studiobook.domain.shared.errors import DomainError, NotFound
from studiobook.entrypoints.web.admin.kit import back, one_line, render
from studiobook.entrypoints.web.deps import FormCaller, PageCaller, Web, WebDep
from studiobook.entrypoints.web.errors import status_of
from studiobook.entrypoints.web.security import Principal

NOTICES = {
    "membership-updated": "Membership updated in WODIFY.",
    "membership-cancelled": "Membership cancelled in WODIFY.",
    "lead-updated": "Lead updated in WODIFY.",
    "converted": "The lead is now this member (converted in WODIFY).",
}
PAGE_SIZE = 25
DEFAULT_REASON = "cancelled by the studio"

router = APIRouter(include_in_schema=False)

RecordId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Search = Annotated[str, Query(max_length=100)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
MemberStatusFilter = Annotated[str, Query(pattern="^(|" + "|".join(MembershipStatus) + ")$")]
LeadStatusFilter = Annotated[str, Query(pattern="^(|" + "|".join(LeadStatus) + ")$")]
Text = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=100)]



def _listing(
    request: Request, web: Web, caller: Principal, kind: str,
    statuses: type[MembershipStatus] | type[LeadStatus], q: str, status: str, page: int,
) -> Response:  # fmt: skip
    """One page of the members' or the leads' list (``kind``), searched and filtered."""
    caller.require_all_companies()
    use_case = web.container.memberships() if kind == "members" else web.container.leads()
    with caller.acting():
        found, total = use_case.list(
            statuses(status) if status else None, PAGE_SIZE, (page - 1) * PAGE_SIZE, q
        )
    first = (page - 1) * PAGE_SIZE + 1 if total else 0
    return render(
        request, web, caller, f"{kind}.html", NOTICES, records=found, q=q, status=status,
        statuses=list(statuses), shown=len(found), total=total, page=page, first=first,
        pages=max(1, -(-total // PAGE_SIZE)),
    )  # fmt: skip


# -- members -----------------------------------------------------------------------------------
@router.get("/members")
def members(
    request: Request, caller: PageCaller, web: WebDep, q: Search = "",
    status: MemberStatusFilter = "", page: PageNumber = 1,
) -> Response:  # fmt: skip
    """The local copy of WODIFY's members: search by name, e-mail or client id, by status."""
    return _listing(request, web, caller, "members", MembershipStatus, q, status, page)


@router.get("/members/{client_id}")
def member(request: Request, caller: PageCaller, web: WebDep, client_id: RecordId) -> Response:
    """The member as WODIFY has it now (the local copy is refreshed on the way), else the local
    copy with one line saying why, and their course bookings."""
    caller.require_all_companies()
    with caller.acting():
        found, source, _ = _member_now(web, client_id)
    return _detail(request, web, caller, found, source)


def _member_now(web: Web, client_id: str) -> tuple[Member, str, bool]:
    memberships = web.container.memberships()
    return _as_now(memberships.stored, memberships.get, client_id, "client")


_Record = TypeVar("_Record", Member, Lead)


def _as_now(
    stored_of: Callable[[str], _Record], fresh_of: Callable[[str], _Record], record_id: str,
    what: str,
) -> tuple[_Record, str, bool]:  # fmt: skip
    """The record as WODIFY has it now, else the local copy; the line that says which; and
    whether WODIFY answered."""
    try:
        stored: _Record | None = stored_of(record_id)
    except NotFound:
        stored = None
    try:
        fresh = fresh_of(record_id)
    except (NotFound, GatewayError) as error:
        if stored is None:
            raise
        if isinstance(error, GatewayNotConfigured):
            return stored, "WODIFY is not configured: this is the local copy.", False
        if isinstance(error, NotFound):
            return stored, f"WODIFY no longer knows this {what}: this is the local copy.", False
        reason = error.reason if isinstance(error, GatewayError) else one_line(error)
        return stored, f"WODIFY did not answer ({reason}): this is the local copy.", False
    if stored is not None and changed_fields(stored, fresh):
        return fresh, "As WODIFY has it now (the local copy was behind and is refreshed).", True
    return fresh, "As WODIFY has it now.", True


def _detail(
    request: Request, web: Web, caller: Principal, found: Member | Lead, source: str,
    error: str | None = None, status_code: int = 200, packages: list[Any] | None = None,
) -> Response:  # fmt: skip
    """A member's page (with their course bookings) or a lead's (with its next steps)."""
    if isinstance(found, Member):
        with caller.acting():
            history = web.container.member_history().bookings(found.client_id)
        template = "member.html"
        context: dict[str, Any] = {"member": found, "bookings": history,
                                   "statuses": list(MembershipStatus)}  # fmt: skip
    else:
        template = "lead.html"
        context = {
            "lead": found, "closed": found.status.is_closed, "packages": packages or [],
            "moves": [s for s in ALLOWED_MOVES[found.status] if s is not LeadStatus.CONVERTED],
            "today": web.container.clock().now().date().isoformat(),
        }  # fmt: skip
    response = render(
        request, web, caller, template, NOTICES, source=source, error=error, **context
    )
    response.status_code = status_code
    return response


def _through_wodify(
    request: Request, web: Web, caller: Principal, kind: str, record_id: str,
    change: Callable[[], str], notice: str,
) -> Response:  # fmt: skip
    """Run ``change`` (it returns the page to go to) as the caller; when WODIFY or the input
    refuses it, the record's page again from the local copy, with the one-line reason."""
    caller.require_all_companies()
    try:
        with caller.acting():
            return back(change(), notice)
    except (DomainError, GatewayError) as error:
        with caller.acting():
            stored = (
                web.container.memberships() if kind == "members" else web.container.leads()
            ).stored(record_id)
        return _detail(
            request, web, caller, stored, "This is the local copy.", one_line(error),
            status_of(error),
        )  # fmt: skip


@router.post("/members/{client_id}/membership")
def update_membership(
    request: Request, caller: FormCaller, web: WebDep, client_id: RecordId,
    membership_type: Short = "", status: Short = "", monthly_price: Short = "",
) -> Response:  # fmt: skip
    """Change what differs from the local copy (the page's form shows it) in WODIFY."""

    def change() -> str:
        memberships = web.container.memberships()
        current = memberships.stored(client_id).membership
        wanted_type = membership_type.strip() or None
        wanted_status = _membership_status(status)
        wanted_price = monthly_price.strip() or None
        if current is not None:
            wanted_type = None if wanted_type == current.membership_type else wanted_type
            wanted_status = None if wanted_status is current.status else wanted_status
            wanted_price = None if wanted_price == str(current.monthly_price) else wanted_price
        memberships.update(client_id, wanted_type, wanted_status, wanted_price)
        return f"/members/{client_id}"

    return _through_wodify(
        request, web, caller, "members", client_id, change, "membership-updated"
    )


def _membership_status(value: str) -> MembershipStatus | None:
    return parse_status(value.strip(), "membership") if value.strip() else None


@router.get("/members/{client_id}/cancel")
def confirm_cancel(
    request: Request, caller: PageCaller, web: WebDep, client_id: RecordId
) -> Response:
    """The confirmation step: what will be cancelled, and a button to do it."""
    caller.require_all_companies()
    with caller.acting():
        stored = web.container.memberships().stored(client_id)
    return render(request, web, caller, "member_cancel.html", NOTICES, member=stored)


@router.post("/members/{client_id}/cancel")
def cancel_membership(
    request: Request, caller: FormCaller, web: WebDep, client_id: RecordId,
    reason: Short = DEFAULT_REASON,
) -> Response:  # fmt: skip
    def change() -> str:
        web.container.memberships().cancel(client_id, reason.strip() or DEFAULT_REASON)
        return f"/members/{client_id}"

    return _through_wodify(
        request, web, caller, "members", client_id, change, "membership-cancelled"
    )


# -- leads -------------------------------------------------------------------------------------
@router.get("/leads")
def leads(
    request: Request, caller: PageCaller, web: WebDep, q: Search = "",
    status: LeadStatusFilter = "", page: PageNumber = 1,
) -> Response:  # fmt: skip
    """The local copy of WODIFY's leads: search by name, e-mail or lead id, by status."""
    return _listing(request, web, caller, "leads", LeadStatus, q, status, page)


@router.get("/leads/{lead_id}")
def lead(request: Request, caller: PageCaller, web: WebDep, lead_id: RecordId) -> Response:
    caller.require_all_companies()
    with caller.acting():
        found, source, answered = _lead_now(web, lead_id)
        packages = _packages(web) if answered and not found.status.is_closed else []
    return _detail(request, web, caller, found, source, packages=packages)


def _lead_now(web: Web, lead_id: str) -> tuple[Lead, str, bool]:
    leads = web.container.leads()
    return _as_now(leads.stored, leads.get, lead_id, "lead")


def _packages(web: Web) -> list[Any]:
    """WODIFY's membership packages for the convert form (none when WODIFY does not answer)."""
    try:
        return list(web.container.memberships().packages())
    except GatewayError:
        return []


@router.post("/leads/{lead_id}/status")
def lead_status(
    request: Request, caller: FormCaller, web: WebDep, lead_id: RecordId, status: Short = ""
) -> Response:
    def change() -> str:
        web.container.leads().update(lead_id, status=status.strip() or None)
        return f"/leads/{lead_id}"

    return _through_wodify(request, web, caller, "leads", lead_id, change, "lead-updated")


@router.post("/leads/{lead_id}/notes")
def lead_notes(
    request: Request, caller: FormCaller, web: WebDep, lead_id: RecordId, notes: Text = ""
) -> Response:
    def change() -> str:
        web.container.leads().update(lead_id, notes=notes.strip())
        return f"/leads/{lead_id}"

    return _through_wodify(request, web, caller, "leads", lead_id, change, "lead-updated")


@router.post("/leads/{lead_id}/convert")
def convert_lead(
    request: Request, caller: FormCaller, web: WebDep, lead_id: RecordId,
    membership_type: Short = "", start_date: Short = "", payment_method: Short = "stripe",
) -> Response:  # fmt: skip
    """The lead becomes a member: WODIFY first, then both local copies together."""

    def change() -> str:
        start = _day(start_date)
        if not membership_type.strip():
            raise DomainError("give the membership type the new member starts with")
        _, created = web.container.leads().convert(
            lead_id, membership_type.strip(), start, payment_method.strip() or "stripe"
        )
        return f"/members/{created.client_id}"

    return _through_wodify(request, web, caller, "leads", lead_id, change, "converted")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise DomainError("the start date must be a date (YYYY-MM-DD)") from None
