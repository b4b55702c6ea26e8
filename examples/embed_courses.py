"""A tiny app that embeds studiobook: books a course in its own SQLite database.

Run it from a checkout (or anywhere studiobook is installed)::

    python examples/embed_courses.py

It uses only ``studiobook.application.api``, the public API; everything else in studiobook is internal.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, too

from studiobook.application.api import NotEnoughFreeSpots, Settings, open_studiobook  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        # No plugins from the environment: the app decides what it runs with.
        settings = Settings(database_url=f"sqlite:///{folder}/app.db", load_entry_points=False)
        with open_studiobook(settings) as studio:
            studio_id = studio.companies.create("Yoga Loft", "Europe/Berlin").id
            course = studio.courses.create("Yoga Basics", capacity=3, company_id=studio_id)
            studio.bookings.book(course.id, name="Anna Berg", email="anna@example.com", tickets=2)
            print(f"free spots: {studio.courses.get(course.id).free_spots}")
            try:
                studio.bookings.book(course.id, name="Ben Ott", email="ben@example.com", tickets=2)
            except NotEnoughFreeSpots as refused:
                print(f"refused: {refused}")
            studio.bookings.book(course.id, name="Cleo Fox", email="cleo@example.com")
            print(f"free spots: {studio.courses.get(course.id).free_spots}")


if __name__ == "__main__":
    main()
