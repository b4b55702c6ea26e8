"""RFC 5545 recurrences with python-dateutil's ``rrule``, on naive wall-clock times.

dateutil looks for a rule's next start until the year 9999. A rule that can never match
(``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``) therefore costs seconds before it yields nothing. The
check below runs the rule 400·k years later instead — the Gregorian calendar repeats every 400
years to the weekday, so the rule's first year looks exactly the same there — which bounds that
search to 400 years. Only a rule that passed the check is ever expanded for sessions, and such a
rule finds its next start within a year.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from dateutil.rrule import rrule, rrulestr

from studiobook.domain.courses.timetables import (
    InvalidRecurrence,
    check_sessions_per_week,
    rule_text,
)

_CALENDAR_CYCLE_YEARS = 400
_LAST_SHIFTED_YEAR = 9998  # one year of the rule must still fit before dateutil's year 9999
_FIRST_YEAR = timedelta(days=366)


def parsed(rule: str, first_local: datetime) -> rrule:
    try:
        found = rrulestr(rule, dtstart=first_local)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise InvalidRecurrence(f"the repeat rule {rule} is not valid: {error}") from None
    if not isinstance(found, rrule):  # pragma: no cover - rule_text lets one RRULE value through
        raise InvalidRecurrence(f"the repeat rule {rule} must be a single RRULE")
    return found


def _first_year_later(rule: rrule, first_local: datetime) -> Iterator[datetime]:
    """The rule's starts in its first year (without its own end), 400·k years on."""
    shift = _CALENDAR_CYCLE_YEARS * max(0, (_LAST_SHIFTED_YEAR - first_local.year) // 400)
    later = first_local.replace(year=first_local.year + shift)
    horizon = later + _FIRST_YEAR
    for start in rule.replace(dtstart=later, until=None, count=None):
        if start >= horizon:
            return
        yield start


class DateutilRecurrence:
    def check(self, rule: str, first_local: datetime) -> str:
        text = rule_text(rule)
        found = parsed(text, first_local)
        try:
            check_sessions_per_week(text, _first_year_later(found, first_local))
            # Bounded now: the rule matches within a year, so its first start (or the UNTIL or
            # COUNT that ends it before that) is found quickly.
            first = next(iter(found), None)
        except (ValueError, OverflowError) as error:
            raise InvalidRecurrence(f"the repeat rule {text} is not valid: {error}") from None
        if first is None:
            raise InvalidRecurrence(f"the repeat rule {text} ends before its first session")
        return text

    def starts(
        self, rule: str, first_local: datetime, window_from: datetime, window_to: datetime
    ) -> list[datetime]:
        found = parsed(rule, first_local)
        return [s for s in found.between(window_from, window_to, inc=True) if s < window_to]
