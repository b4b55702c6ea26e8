"""What guards the public API: the 64 KB body limit (for the whole app), the per-client rate
limit, the error envelope for every failure, busy answers, the configuration and OpenAPI."""

from __future__ import annotations

import json

import pytest
from dependency_injector import providers

from studiobook.application.shared.ports import StoreBusy
from tests.web.conftest import ADMIN, bearer, make_client
from tests.web.public.conftest import API, booking_body, error_of

BIG = 65 * 1024


class Untouchable:
    """A use-case that must not be reached."""

    def __init__(self) -> None:
        self.calls = 0

    def __getattr__(self, name):
        def called(*args, **kwargs):
            self.calls += 1
            raise AssertionError(f"{name} ran")

        return called


def padded_booking(size: int) -> bytes:
    """A valid booking body of exactly ``size`` bytes (JSON allows the padding spaces)."""
    text = json.dumps(booking_body(name="Lena"))[:-1]
    return (text + " " * (size - len(text) - 1) + "}").encode()


def chunks(data: bytes, size: int = 4096):
    for start in range(0, len(data), size):
        yield data[start:start + size]


@pytest.fixture
def guarded(shop):
    """The app with use-cases that fail the test if a request reaches them."""
    bookings = Untouchable()
    shop.container.customer_bookings.override(providers.Object(bookings))
    return bookings


def booking_url(shop, course_id: int = 1) -> str:
    return f"{API}/companies/{shop.salon.id}/courses/{course_id}/bookings"


def test_a_declared_body_over_64_kb_is_refused_unread(shop, public, guarded):
    response = public.post(booking_url(shop), content=padded_booking(BIG),
                           headers={"content-type": "application/json"})
    assert error_of(response) == (413, "too_large")
    assert guarded.calls == 0


def test_a_chunked_body_over_64_kb_is_refused_before_the_handler(shop, public, guarded):
    response = public.post(booking_url(shop), content=chunks(padded_booking(BIG)),
                           headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers  # it really was streamed
    assert error_of(response) == (413, "too_large")
    assert guarded.calls == 0


def test_a_chunked_body_within_the_limit_is_read_whole(shop, public):
    course = shop.course()
    response = public.post(
        booking_url(shop, course.id), content=chunks(padded_booking(60 * 1024), 1000),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 201
    assert shop.count("bookings") == 1


def test_a_body_of_exactly_64_kb_passes(shop, public):
    course = shop.course()
    response = public.post(booking_url(shop, course.id), content=padded_booking(64 * 1024),
                           headers={"content-type": "application/json"})
    assert response.status_code == 201


@pytest.mark.parametrize("path", ["/admin/sync", "/webhooks/voice", "/login"])
def test_the_limit_holds_for_the_whole_app_in_each_sides_format(shop, public, path):
    for content in (b"x" * BIG, chunks(b"x" * BIG)):
        response = public.post(path, content=content, headers=bearer(ADMIN))
        assert response.status_code == 413
        assert isinstance(response.json()["error"], str)  # the admin side's own format


def test_each_client_address_is_rate_limited_on_its_own(shop):
    app = shop.app(public_rate_requests=3, public_rate_seconds=60)
    url = f"{API}/companies/{shop.salon.id}/event-types"
    with make_client(app) as public, make_client(app, client=("10.0.0.2", 5000)) as other:
        assert [public.get(url).status_code for _ in range(3)] == [200, 200, 200]

        limited = public.get(url)

        assert error_of(limited) == (429, "rate_limited")
        assert limited.headers["retry-after"] == "20"  # one request back every 20 seconds
        assert other.get(url).status_code == 200  # another address has its own bucket
        assert public.get("/admin/stats", headers=bearer(ADMIN)).status_code != 429
        # Even what would be refused anyway counts, and is refused for the rate first.
        assert error_of(public.post(booking_url(shop), json={})) == (429, "rate_limited")
        shop.ticker.now += 20
        assert public.get(url).status_code == 200
        assert public.get(url).status_code == 429


def test_a_busy_store_says_try_again(shop, public):
    class Busy:
        def __getattr__(self, name):
            def busy(*args, **kwargs):
                raise StoreBusy()

            return busy

    shop.container.customer_bookings.override(providers.Object(Busy()))
    course = shop.course()
    response = public.post(booking_url(shop, course.id), json=booking_body())
    assert error_of(response) == (503, "busy")
    assert response.headers["retry-after"] == "1"


def test_unknown_addresses_and_methods_answer_in_the_envelope(shop, public):
    assert error_of(public.get(f"{API}/nothing/here")) == (404, "not_found")
    assert error_of(public.delete(f"{API}/companies/1/event-types")) == (405, "method_not_allowed")
    admin = public.get("/admin/nothing", headers=bearer(ADMIN))
    assert admin.status_code == 404
    assert isinstance(admin.json()["error"], str)


def test_every_answer_is_json_with_the_security_headers(shop, public):
    response = public.get(f"{API}/companies/{shop.salon.company.slug}/event-types")
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_the_public_routes_are_published_in_openapi(shop, public):
    schema = public.get("/api/v1/openapi.json").json()
    public_paths = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "public booking" in operation.get("tags", ())
    }
    assert public_paths == {
        ("GET", "/api/v1/companies/{company}/courses"),
        ("POST", "/api/v1/companies/{company}/courses/{course_id}/bookings"),
        ("GET", "/api/v1/bookings/{manage_token}"),
        ("POST", "/api/v1/bookings/{manage_token}/cancel"),
        ("GET", "/api/v1/companies/{company}/event-types"),
        ("GET", "/api/v1/companies/{company}/event-types/{event_type_id}/slots"),
        ("POST", "/api/v1/companies/{company}/appointments"),
        ("GET", "/api/v1/appointments/{manage_token}"),
        ("POST", "/api/v1/appointments/{manage_token}/cancel"),
        ("POST", "/api/v1/appointments/{manage_token}/reschedule"),
    }
    book = schema["paths"]["/api/v1/companies/{company}/courses/{course_id}/bookings"]["post"]
    assert "201" in book["responses"] and "409" in book["responses"]
    assert any(p["name"] == "Idempotency-Key" for p in book["parameters"])
    body = schema["components"]["schemas"]["BookingRequest"]
    assert body["additionalProperties"] is False


def test_the_public_rate_limit_is_read_from_the_environment():
    from studiobook.entrypoints.web.config import WebConfig, WebConfigError

    token = "t" * 32
    default = WebConfig.from_env({"STUDIOBOOK_ADMIN_TOKEN": token})
    assert (default.public_rate_requests, default.public_rate_seconds) == (120, 60.0)
    config = WebConfig.from_env(
        {"STUDIOBOOK_ADMIN_TOKEN": token, "STUDIOBOOK_PUBLIC_RATE_LIMIT": "30/10",
         "STUDIOBOOK_RATE_LIMIT": "500/60"}
    )
    assert (config.public_rate_requests, config.public_rate_seconds) == (30, 10.0)
    assert (config.rate_requests, config.rate_seconds) == (500, 60.0)
    with pytest.raises(WebConfigError, match="STUDIOBOOK_PUBLIC_RATE_LIMIT='lots'"):
        WebConfig.from_env({"STUDIOBOOK_ADMIN_TOKEN": token, "STUDIOBOOK_PUBLIC_RATE_LIMIT": "lots"})
