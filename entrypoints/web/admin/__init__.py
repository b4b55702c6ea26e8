"""The admin pages: server-rendered HTML, plain forms, no build step, one module per area.

Each handler reads through a use-case and renders a template; each form post runs one use-case
and redirects (post/redirect/get), with a fixed notice code in the address — never text taken
from the request. ``ROUTERS`` is what the app mounts.
"""

from __future__ import annotations

from studiobook.entrypoints.web.admin import (
    appointments,
    availability,
    company,
    courses,
    dashboard,
    event_types,
    jobs,
    matrix,
    people,
    staff,
)

ROUTERS = tuple(
    module.router
    for module in (
        dashboard, courses, appointments, people, staff, event_types, matrix, availability, company,
        jobs,
    )
)
