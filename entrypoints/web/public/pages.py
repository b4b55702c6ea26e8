"""The booking pages for people at ``/book/{company}`` (SPEC 6): the week's classes with live
free spots, the appointment flow, the confirmation with the manage link and the manage page.

Server-rendered (Jinja2), plain HTML forms with post/redirect/get, no script at all; German or
English by ``Accept-Language`` (``?lang=`` switches); every form carries a signed double-submit
CSRF token (:mod:`.page_forms`). The pages are thin: every decision is the customer use-cases'
(``customer_bookings``, ``customer_appointments``), the same ones the JSON API under ``/api/v1``
serves.

    install(app)  # in create_app, after app.state.web and app.state.public_limiter are set
"""

from __future__ import annotations

from fastapi import FastAPI

from studiobook.entrypoints.web.public import appointment_pages, class_pages, manage_pages
from studiobook.entrypoints.web.public.page_kit import build


def install(app: FastAPI) -> None:
    app.state.booking_pages = build(app.state.web.container)
    for module in (class_pages, appointment_pages, manage_pages):
        app.include_router(module.router)
