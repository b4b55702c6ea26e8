"""A public availability request is one transaction (issue 18): the company by slug or id, the
generations, the event type, the staff and the booked times are read together; answered from the
cache it is one statement. The admin API's question without a company (the admin token) finds
the event type's owner in the same read."""

from __future__ import annotations

from sqlalchemy import event

from tests.integration.appointment_support import MONDAY, at, whole
from tests.web.conftest import ADMIN
from tests.web.public.conftest import API


class Traffic:
    """Transactions begun and statements sent on an engine while the ``with`` block is open."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.transactions = 0
        self.statements: list[str] = []

    def _begin(self, _conn) -> None:
        self.transactions += 1

    def _statement(self, _conn, _cursor, sql, *_args) -> None:
        self.statements.append(" ".join(sql.split())[:60])

    def __enter__(self) -> Traffic:
        event.listen(self.engine, "begin", self._begin)
        event.listen(self.engine, "before_cursor_execute", self._statement)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "begin", self._begin)
        event.remove(self.engine, "before_cursor_execute", self._statement)


def ask(public, shop, company, **params):
    first, after = whole(MONDAY)
    query = {"from": first.isoformat(), "to": after.isoformat()}
    url = f"{API}/companies/{company}/event-types/{shop.salon.cut.id}/slots"
    return public.get(url, params=query | params)


def starts(response) -> list[str]:
    return [s["start"][11:16] for s in response.json()["slots"]]


def test_a_public_availability_request_is_one_transaction(shop, public):
    engine = shop.container.store().engine
    slug = shop.salon.company.slug
    with Traffic(engine) as cold:
        first = ask(public, shop, slug)
    with Traffic(engine) as warm:
        again = ask(public, shop, str(shop.salon.id))

    assert first.status_code == 200 and starts(first)[:3] == ["09:00", "09:15", "09:30"]
    assert again.json() == first.json()
    assert cold.transactions == 1, cold.statements
    assert warm.transactions == 1 and len(warm.statements) == 1, warm.statements


def test_a_booking_shows_in_the_next_answer_still_in_one_transaction(shop, public):
    engine = shop.container.store().engine
    slug = shop.salon.company.slug
    anna, ben = (m.id for m in shop.salon.staff)
    ask(public, shop, slug)
    shop.container.appointments().book(shop.salon.id, shop.salon.cut.id, anna, at(9), "Eva", None)
    with Traffic(engine) as traffic:
        answer = ask(public, shop, slug).json()

    nine = next(s for s in answer["slots"] if s["start"][11:16] == "09:00")
    assert nine["staff"] == [ben]
    assert traffic.transactions == 1, traffic.statements


def test_an_unknown_company_is_one_read_and_not_found(shop, public):
    with Traffic(shop.container.store().engine) as traffic:
        response = ask(public, shop, "no-such-studio")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert traffic.transactions == 1


def test_the_admin_api_finds_the_event_types_company_in_the_same_read(shop, public):
    engine = shop.container.store().engine
    query = {
        "event_type_id": shop.salon.cut.id, "from": at(9).isoformat(), "to": at(10).isoformat(),
    }  # fmt: skip
    headers = {"Authorization": f"Bearer {ADMIN}"}
    with Traffic(engine) as traffic:
        response = public.get("/admin/availability", params=query, headers=headers)
    missing = public.get(
        "/admin/availability", params=query | {"event_type_id": 999_999}, headers=headers
    )

    assert response.status_code == 200, response.text
    # The admin API speaks UTC: 09:00 in Berlin is 08:00.
    assert [s["start"][11:16] for s in response.json()["slots"]] == ["08:00", "08:15", "08:30", "08:45"]
    assert traffic.transactions == 1, traffic.statements
    assert missing.status_code == 404 and "event type 999999 does not exist" in missing.text
