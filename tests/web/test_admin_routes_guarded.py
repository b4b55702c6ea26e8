"""Every admin page and form needs a session: the routes are read from the app itself, so a page
added later without ``PageCaller``/``FormCaller`` fails here (its handler would reach the gate
app's missing container instead of the login form)."""

from __future__ import annotations

import re

import pytest

from studiobook.entrypoints.web.admin import ROUTERS


def routes_of(router):
    for route in router.routes:
        if hasattr(route, "original_router"):  # a router included into an area's router
            yield from routes_of(route.original_router)
        else:
            yield route


ROUTES = sorted(
    (method, route.path)
    for router in ROUTERS
    for route in routes_of(router)
    for method in route.methods
    if method in {"GET", "POST"}
)


def test_every_area_has_its_pages():
    paths = {path for _, path in ROUTES}
    for page in ("/", "/courses", "/courses/{course_id}", "/timetables", "/appointments",
                 "/members", "/leads", "/staff", "/staff/{staff_id}", "/event-types",
                 "/event-types/new", "/matrix", "/availability", "/company"):
        assert page in paths, page


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=lambda value: str(value))
def test_strangers_are_sent_to_the_login_form(gate, method, path):
    concrete = re.sub(r"\{[a-z_]+\}", "1", path)
    response = gate.request(method, concrete, follow_redirects=False)
    assert response.status_code == 303, (method, concrete, response.status_code)
    assert response.headers["location"].startswith("/login")
