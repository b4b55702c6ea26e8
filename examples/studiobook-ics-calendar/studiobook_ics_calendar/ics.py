"""Just enough iCalendar (RFC 5545) to keep busy times: VEVENTs with UTC DTSTART/DTEND."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

FORMAT = "%Y%m%dT%H%M%SZ"


def read_events(path: Path) -> list[tuple[str, datetime, datetime, str]]:
    """``(uid, start, end, status)`` of every VEVENT; a missing file is an empty calendar."""
    if not path.exists():
        return []
    events, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.strip().partition(":")
        if key == "BEGIN" and value == "VEVENT":
            current = {}
        elif key == "END" and value == "VEVENT" and current is not None:
            events.append((
                current.get("UID", ""),
                _instant(current["DTSTART"]),
                _instant(current["DTEND"]),
                current.get("STATUS", "CONFIRMED"),
            ))
            current = None
        elif current is not None:
            current[key.partition(";")[0]] = value
    return events


def write_events(path: Path, events: list[tuple[str, datetime, datetime, str]]) -> None:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//studiobook//ics-calendar//EN"]
    for uid, start, end, status in events:
        lines += [
            "BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{start.strftime(FORMAT)}",
            f"DTEND:{end.strftime(FORMAT)}", f"STATUS:{status}", "END:VEVENT",
        ]
    path.write_text("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n", encoding="utf-8")


def _instant(value: str) -> datetime:
    return datetime.strptime(value, FORMAT).replace(tzinfo=UTC)
