"""``Idempotency-Key``: a retry gets the first answer and writes nothing twice — also when the
first answer was lost between the commit and the response."""

from __future__ import annotations

import pytest
from dependency_injector import providers

from tests.web.public.conftest import API, appointment_body, booking_body, error_of


def key(value: str = "3f1c2a6e-8d7b-4c1e-9a55-0b3e2f6d7c81") -> dict[str, str]:
    return {"Idempotency-Key": value}


def book(public, course, headers=None, **changes):
    return public.post(
        f"{API}/companies/{course.company_id}/courses/{course.id}/bookings",
        json=booking_body(**changes), headers=headers or {},
    )


def test_the_same_key_and_body_get_the_first_answer_and_write_once(shop, public):
    course = shop.course(capacity=3)

    first = book(public, course, key())
    again = book(public, course, key())

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert shop.count("bookings") == 1
    assert shop.count("manage_tokens") == 1
    token = again.json()["manage_token"]
    assert public.get(f"{API}/bookings/{token}").json()["booking"] == first.json()["booking"]


def test_the_body_is_compared_as_parsed(shop, public):
    course = shop.course(capacity=3)
    first = book(public, course, key(), email="Lena@Example.ORG")
    # The defaults written out and the domain in another case: the same request.
    again = book(public, course, key(), email="Lena@example.org", tickets=1, waitlist=False)
    assert again.json() == first.json()
    assert shop.count("bookings") == 1


def test_the_same_key_with_another_request_is_refused(shop, public):
    course = shop.course(capacity=3)
    book(public, course, key())

    other_body = book(public, course, key(), tickets=2)
    other_route = public.post(f"{API}/companies/{shop.salon.id}/appointments",
                              json=appointment_body(shop), headers=key())
    other_address = public.post(
        f"{API}/companies/{shop.salon.company.slug}/courses/{course.id}/bookings",
        json=booking_body(), headers=key(),
    )

    for response in (other_body, other_route, other_address):
        assert error_of(response) == (422, "idempotency_mismatch")
    assert shop.count("bookings") == 1
    assert shop.count("appointments") == 0


def test_different_keys_are_different_bookings(shop, public):
    course = shop.course(capacity=3)
    book(public, course, key("a"))
    book(public, course, key("b"))
    assert shop.count("bookings") == 2


def test_a_refusal_is_not_remembered(shop, public):
    course = shop.course(capacity=1)
    seat = book(public, course).json()

    refused = book(public, course, key(), email="max@example.org")
    assert error_of(refused) == (409, "full")
    public.post(f"{API}/bookings/{seat['manage_token']}/cancel")
    retried = book(public, course, key(), email="max@example.org")

    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers


def test_a_waitlist_answer_is_replayed_too(shop, public):
    course = shop.course(capacity=1)
    book(public, course)
    first = book(public, course, key(), waitlist=True, email="max@example.org")
    again = book(public, course, key(), waitlist=True, email="max@example.org")
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == first.json()
    assert shop.count("waitlist_entries") == 1


class CrashAfterCommit:
    """The use-case commits, then the process "dies" before answering — once."""

    def __init__(self, real) -> None:
        self.real = real
        self.crashes = 1

    def __getattr__(self, name):
        method = getattr(self.real, name)
        if name not in {"book", "cancel", "reschedule"}:
            return method

        def crashing(*args, **kwargs):
            result = method(*args, **kwargs)
            if self.crashes:
                self.crashes -= 1
                raise RuntimeError("connection lost before the answer was sent")
            return result

        return crashing


def test_a_crash_between_commit_and_answer_is_answered_by_the_retry(shop, public):
    course = shop.course(capacity=3)
    crashing = CrashAfterCommit(shop.container.customer_bookings())
    shop.container.customer_bookings.override(providers.Object(crashing))

    lost = book(public, course, key())
    assert error_of(lost) == (500, "internal")
    assert "connection lost" not in lost.text  # nothing internal leaks
    assert shop.count("bookings") == 1  # it did commit

    retried = book(public, course, key())

    assert retried.status_code == 201
    assert retried.headers["idempotent-replayed"] == "true"
    assert shop.count("bookings") == 1
    token = retried.json()["manage_token"]
    opened = public.get(f"{API}/bookings/{token}").json()["booking"]
    assert opened == retried.json()["booking"]
    assert book(public, course, key()).json() == retried.json()  # and again, the same


def test_a_lost_appointment_answer_is_answered_by_the_retry(shop, public):
    crashing = CrashAfterCommit(shop.container.customer_appointments())
    shop.container.customer_appointments.override(providers.Object(crashing))
    url = f"{API}/companies/{shop.salon.id}/appointments"

    lost = public.post(url, json=appointment_body(shop), headers=key())
    retried = public.post(url, json=appointment_body(shop), headers=key())

    assert error_of(lost) == (500, "internal")
    assert retried.status_code == 201
    assert retried.headers["idempotent-replayed"] == "true"
    assert shop.count("appointments") == shop.count("manage_tokens") == 1
    token = retried.json()["manage_token"]
    assert public.get(f"{API}/appointments/{token}").json()["appointment"]["id"] == (
        retried.json()["appointment"]["id"]
    )


def test_appointment_writes_are_replayed(shop, public):
    url = f"{API}/companies/{shop.salon.id}/appointments"
    first = public.post(url, json=appointment_body(shop), headers=key("book"))
    again = public.post(url, json=appointment_body(shop), headers=key("book"))
    assert again.json() == first.json()
    assert shop.count("appointments") == 1

    token = first.json()["manage_token"]
    move = {"start": first.json()["appointment"]["end"]}
    moved = public.post(f"{API}/appointments/{token}/reschedule", json=move, headers=key("move"))
    moved_again = public.post(f"{API}/appointments/{token}/reschedule", json=move,
                              headers=key("move"))
    assert moved_again.json() == moved.json()
    assert moved_again.headers["idempotent-replayed"] == "true"

    cancelled = public.post(f"{API}/appointments/{token}/cancel", headers=key("cancel"))
    cancelled_again = public.post(f"{API}/appointments/{token}/cancel", headers=key("cancel"))
    assert cancelled.status_code == cancelled_again.status_code == 200
    assert cancelled_again.json() == cancelled.json()
    assert error_of(public.post(f"{API}/appointments/{token}/cancel")) == (409, "conflict")


def test_a_cancellation_is_replayed_not_refused(shop, public):
    course = shop.course(capacity=3)
    token = book(public, course, tickets=3).json()["manage_token"]
    url = f"{API}/bookings/{token}/cancel"

    first = public.post(url, json={"tickets": 1}, headers=key())
    again = public.post(url, json={"tickets": 1}, headers=key())

    assert again.json() == first.json()
    assert again.json()["booking"]["tickets"] == 2  # given back once
    assert error_of(public.post(url, json={}, headers=key())) == (422, "idempotency_mismatch")


@pytest.mark.parametrize("value", ["x" * 256, "tab\there", "ünïcode", "   "])
def test_a_malformed_key_is_invalid(shop, public, value):
    course = shop.course()
    headers = {"Idempotency-Key": value.encode()}
    assert error_of(book(public, course, headers)) == (422, "invalid")
    assert shop.count("bookings") == 0


def test_a_key_of_255_printable_characters_is_fine(shop, public):
    course = shop.course()
    assert book(public, course, key("k" * 254 + "~")).status_code == 201


def test_concurrent_retries_with_one_key_book_once(shop, public):
    from concurrent.futures import ThreadPoolExecutor

    course = shop.course(capacity=20)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: book(public, course, key()), range(8)))

    assert {a.status_code for a in answers} == {201}
    assert len({a.text for a in answers}) == 1
    assert sum("idempotent-replayed" not in a.headers for a in answers) == 1
    assert shop.count("bookings") == shop.count("manage_tokens") == 1
