"""What every admin page shares: rendering with the session's CSRF token and a notice, the
company a page shows, and post/redirect/get."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from studiobook.entrypoints.web.deps import MAX_ID, OptionalId, Web
from studiobook.entrypoints.web.security import SESSION_COOKIE, Principal

__all__ = ["MAX_ID", "FormId", "OptionalId", "back", "company_choice", "one_line", "render"]

FormId = Annotated[int, Form(ge=1, le=MAX_ID)]


def render(
    request: Request,
    web: Web,
    caller: Principal,
    template: str,
    notices: Mapping[str, str] | None = None,
    **context,
) -> Response:
    """``notices``: the page's fixed texts for the ``notice`` code in the address."""
    session = request.cookies.get(SESSION_COOKIE, "")
    return web.templates.TemplateResponse(request, template, {
        "caller": caller,
        "csrf": web.sessions.csrf(session),
        "notice": (notices or {}).get(request.query_params.get("notice", "")),
        "can_sync_calcom": web.can_sync_calcom,
        **context,
    })


def company_choice(web: Web, caller: Principal, requested: int | None) -> tuple[int | None, list]:
    """The company a page shows (a company token: its own; the admin: the one asked for, else
    the first) and the companies the caller may switch to."""
    with caller.acting():
        if caller.company_id is not None:
            company = caller.scope(requested)
            return company, [web.container.companies().get(company)]
        companies = web.container.companies().list()
    if requested is not None:
        return requested, companies
    return (companies[0].id if companies else None), companies


def back(path: str, notice: str) -> RedirectResponse:
    joiner = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{joiner}notice={notice}", 303)


def one_line(error: BaseException) -> str:
    """A refusal as the one line a form shows beside the field."""
    return " ".join(str(error).split())
