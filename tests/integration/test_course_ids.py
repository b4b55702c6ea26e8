"""A course id is never handed out twice: a session a timetable edit removed may still be held
by a customer's page or an API client, which must not reach a later course through it."""

from __future__ import annotations

import sqlalchemy as sa


def test_the_id_of_a_removed_course_is_not_reused(container):
    studio = container.companies().create("Box", "Europe/Berlin")
    first = container.courses().create("WOD", 5, company_id=studio.id)
    last = container.courses().create("WOD", 5, company_id=studio.id)
    with container.store().engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM courses WHERE id = :id"), {"id": last.id})

    later = container.courses().create("Yoga", 5, company_id=studio.id)

    assert later.id not in (first.id, last.id)
    assert later.id > last.id
