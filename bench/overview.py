"""The admin availability overview (/availability): the per-person path it had (one uncached
``next_slot`` transaction per staff member) vs the one read it does now (everyone's next slot
from one transaction, the engine per person in memory), for 50 and 200 staff, in the same run.

The data: one company per size (Europe/Berlin), one 30-minute service on a 15-minute grid with
5 minutes clean-up, every person assigned; weekday hours 09:00-12:00 and 13:00-17:00, some with
Saturdays; about 60% of each person's next two weeks booked, and every tenth person booked
solid for a week (their search runs past the first windows). Both paths are checked to give the
same next slot for everyone. Prints the load (``uptime``) before and after.

    python bench/overview.py [--staff 50 200] [--repeats 3] [--database-url URL]

Without ``--database-url`` it runs on a SQLite file in a temporary folder; with one, use a
scratch database: the bench's companies stay in it.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# `python bench/overview.py` from a checkout works without installing the project.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.support import backend, best_of, build, database  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
DAY = ["09:00-12:00", "13:00-17:00"]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


def company(container, staff: int, now: datetime, rng: random.Random) -> int:
    """A company with ``staff`` people, their service and about 60% of two weeks booked."""
    from studiobook.domain.appointments import Appointment

    made = container.companies().create(f"Overview bench {staff}", "Europe/Berlin")
    cut = container.event_types().add(
        made.id, "Cut", 30, slot_interval_minutes=15, buffer_after_minutes=5
    )
    people = []
    for n in range(staff):
        weekly = {day: DAY for day in WEEKDAYS} | ({"sat": ["09:00-14:00"]} if n % 3 == 0 else {})
        member = container.staffing().add(
            made.id, f"Person {n:03d}", working_hours={"weekly": weekly}
        )
        container.assignments().assign(made.id, member.id, cut.id, is_primary=True)
        people.append(member)
    first = now.astimezone(BERLIN).date()
    booked = []
    for n, member in enumerate(people):
        solid = n % 10 == 0
        for d in range(14):
            day = first + timedelta(days=d)
            for minute in range(9 * 60, 17 * 60, 35):  # 30 minutes + 5 clean-up, back to back
                if 12 * 60 - 35 < minute < 13 * 60:
                    continue
                if not (solid and d < 7) and rng.random() > 0.6:
                    continue
                start = datetime(day.year, day.month, day.day, tzinfo=BERLIN) + timedelta(
                    minutes=minute
                )
                booked.append(Appointment(
                    company_id=made.id, staff_id=member.id, event_type_id=cut.id,
                    start=start.astimezone(UTC), end=(start + timedelta(minutes=30)).astimezone(UTC),
                    customer_name=f"Kunde {len(booked)}",
                ))  # fmt: skip

    def store(uow, events):
        for appointment in booked:
            uow.appointments.add(appointment)

    container.transactions().write(store)
    return made.id


def per_person(container, company_id: int) -> dict:
    """The former overview: its read (utilisation from full appointments), then one
    ``next_slot`` transaction per person."""
    from studiobook.application.admin.overview import DAYS, _service_of
    from studiobook.domain.appointments.utilisation import utilisation
    from studiobook.domain.shared.ids import saved_id

    now = container.clock().now()
    end = now + timedelta(days=DAYS)

    def read(uow):
        return (
            uow.staff.list(company_id, active=True),
            {saved_id(t): t for t in uow.event_types.list(company_id, active=True)},
            uow.assignments.list(company_id),
            uow.appointments.list(company_id, start=now, end=end),
        )

    staff, active, offered, booked = container.transactions().read(read)
    availability = container.availability()
    slots = {}
    for member in staff:
        service = _service_of(member, offered, active)
        if service is not None:
            slots[member.id] = availability.next_slot(
                company_id, service.id, staff_id=member.id, now=now
            ).slot
        mine = [a for a in booked if a.staff_id == member.id]
        utilisation(member.working_hours, member.zone, mine, now, end)
    return slots


def one_read(container, company_id: int) -> dict:
    rows = container.availability_overview().staff(company_id)
    return {row.staff.id: row.next_slot for row in rows if row.event_type is not None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=os.environ.get("STUDIOBOOK_BENCH_DATABASE_URL"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"overview bench: before, {load()}")
    with database(args.database_url) as url:
        container = build(url)
        print(f"  {backend(url)}; best of {args.repeats}; per-person = the former overview (its "
              "read, then one next_slot transaction per person); one read = the overview now")
        same = True
        for staff in args.staff:
            now = container.clock().now()
            company_id = company(container, staff, now, rng)
            old_seconds, old = best_of(args.repeats, lambda c=company_id: per_person(container, c))
            new_seconds, new = best_of(args.repeats, lambda c=company_id: one_read(container, c))
            agree = old == new and all(slot is not None for slot in new.values())
            same = same and agree
            print(f"  {staff:4d} staff: per-person {old_seconds * 1000:8.1f} ms, one read "
                  f"{new_seconds * 1000:7.1f} ms, ratio {old_seconds / new_seconds:5.1f}x; "
                  f"answers {'identical' if agree else 'DIFFER'}")
        container.store().dispose()
    print(f"overview bench: after, {load()}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
