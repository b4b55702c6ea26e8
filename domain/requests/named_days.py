"""Named days: holidays said by name ("Ostermontag", "Christmas Eve") and the weekend.

Which date a holiday falls on is not the parser's knowledge: the caller of :func:`parse_request`
passes ``named_days`` (name -> date, any language; the application builds it from a holiday
calendar for the coming months). The domain adds only what no public-holiday calendar lists but
everybody says — Heiligabend/Christmas Eve and Silvester/New Year's Eve, fixed dates — and the
common other names of days a calendar lists under one name (Boxing Day is the second day of
Christmas, Whit Monday is Pentecost Monday, Tag der Arbeit is the first of May).

A name matches a run of the caller's words compared as one squeezed word (small words dropped,
"New Year's Day" == "new years day"), exactly or — for names of eight letters or more — with one
typo or inflection ("am zweiten Weihnachtsfeiertag"). The date is the name's next one on or
after today. A name is also known said shorter — some of its words left out but the last, "Tag der
Einheit", "Himmelfahrt" — (see :func:`_short_forms`); a full name always wins over such a form.

"Das Wochenende" is the coming Saturday and Sunday (``date``..``date_to``); said on a Saturday it
is today and tomorrow, said on a Sunday today alone; "nächstes Wochenende"/"next weekend" said on
a weekend day is the one after.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import lru_cache

from studiobook.domain.requests.normalise import STOPWORDS, Text, damerau_levenshtein

# Days everybody names that are no public holiday: (month, day).
FIXED_DAYS: dict[str, tuple[int, int]] = {
    "Heiligabend": (12, 24), "Heiliger Abend": (12, 24), "Weihnachtsabend": (12, 24),
    "Christmas Eve": (12, 24),
    "Silvester": (12, 31), "Silvestertag": (12, 31), "Silvesterabend": (12, 31),
    "New Year's Eve": (12, 31),
}
# Other names of days a holiday calendar lists: alias -> the calendar's name (any language).
ALIASES: dict[str, tuple[str, ...]] = {
    "Erster Weihnachtsfeiertag": ("Erster Weihnachtstag", "Christmas Day"),
    "Zweiter Weihnachtsfeiertag": ("Zweiter Weihnachtstag", "Second Day of Christmas"),
    "Boxing Day": ("Second Day of Christmas", "Zweiter Weihnachtstag"),
    "Stephanstag": ("Second Day of Christmas", "Zweiter Weihnachtstag"),
    "Whit Monday": ("Pentecost Monday", "Pfingstmontag"),
    "Whitsun": ("Pentecost", "Pfingstsonntag"),
    "Tag der Arbeit": ("Erster Mai", "Labor Day", "Labour Day"),
    "Maifeiertag": ("Erster Mai", "Labor Day", "Labour Day"),
    "Neujahrstag": ("Neujahr", "New Year's Day"),
    "Dreikönigstag": ("Heilige Drei Könige", "Epiphany"),
    "Fronleichnamstag": ("Fronleichnam", "Corpus Christi"),
}
_MAX_WORDS = 4
_WEEKEND = (
    r"(?P<next>naechste[ns]? |kommende[ns]? |next |coming )?"
    r"(?:(?:am|an|ueber|ueberm|uebers|diese[sm]?|this|at|on|over|the|for) )*"
    r"(?:wochenende|weekend)"
)
_WEEKEND_SHORT = (
    r"(?P<next>naechste[ns]? |kommende[ns]? )?(?:(?:am|an|ueber|ueberm|uebers|diese[sm]?) )+"
    r"(?P<we>we)"
)

Similarity = Callable[[str, str, int], int]
"""``(said, known, bound) -> edits``, any value above ``bound`` meaning "too far"."""


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    words = (t.word.replace("'", "") for t in Text(name).tokens)
    return "".join(w for w in words if w.isalpha() and w not in STOPWORDS)


def _next_on(today: date, month: int, day: int) -> date:
    found = date(today.year, month, day)
    return found if found >= today else date(today.year + 1, month, day)


def _calendar(
    today: date, named_days: Mapping[str, date]
) -> tuple[dict[str, date], frozenset[str]]:
    """Squeezed name -> the name's next date on or after today; and which keys are short forms."""
    days: dict[str, date] = {}

    def add(name: str, day: date) -> None:
        key = _key(name)
        if key and day >= today and (key not in days or day < days[key]):
            days[key] = day

    for name, day in named_days.items():
        add(name, day)
    for name, (month, day_of_month) in FIXED_DAYS.items():
        add(name, _next_on(today, month, day_of_month))
    for alias, names in ALIASES.items():
        known = [days[k] for k in map(_key, names) if k in days]
        if known:
            add(alias, min(known))
    # Shorter forms never shadow a full name; shared by two days they mean the nearer one.
    full = dict(days)
    long_names = [*named_days, *(a for a in ALIASES if _key(a) in full)]
    for name in long_names:
        day = named_days.get(name) or full[_key(name)]
        for short in _short_forms(name) - set(full):
            add(short, day)
    return days, frozenset(days) - frozenset(full)


_SHORT_WORD = 10


def _short_forms(name: str) -> set[str]:
    """Keys of a name said shorter ("Tag der Einheit", "Himmelfahrt"): its content words with some
    left out, keeping the last (the German head noun) — two words or more of eight letters or
    more, or the last alone when it is a distinctive long word (ten letters or more)."""
    words = [w for w in (t.word.replace("'", "") for t in Text(name).tokens)
             if w.isalpha() and w not in STOPWORDS]
    forms: set[str] = set()
    if len(words) < 2:
        return forms
    *rest, last = words
    for mask in range(2 ** len(rest) - 1):  # every subset of the other words but all of them
        kept = [w for bit, w in enumerate(rest) if mask >> bit & 1]
        key = "".join((*kept, last))
        if (kept and len(key) >= 8) or (not kept and len(last) >= _SHORT_WORD):
            forms.add(key)
    return forms


def find_named_day(
    text: Text,
    today: date,
    named_days: Mapping[str, date],
    distance: Similarity = damerau_levenshtein,
) -> date | None:
    """The date of the first named day said (taking its words), or ``None``."""
    days, short_forms = _calendar(today, named_days)
    if not days:
        return None
    by_length: dict[int, list[tuple[str, date]]] = {}
    for key, day in days.items():
        by_length.setdefault(len(key), []).append((key, day))
    free = [i for i in text.free() if text.tokens[i].word.replace("'", "").isalpha()]
    # (short form, edits, -length, first, date): a full name said with a slip ("am zweiten
    # Weihnachtsfeiertag") wins over a shorter form said exactly ("Weihnachtsfeiertag").
    best: tuple[bool, int, int, int, date] | None = None
    for n, first in enumerate(free):
        said = ""
        for last in free[n:n + _MAX_WORDS]:
            if last - first > _MAX_WORDS + 1:
                break
            word = text.tokens[last].word.replace("'", "")
            if word in STOPWORDS:
                continue
            said += word
            size = len(said)
            near = (*by_length.get(size - 1, ()), *by_length.get(size, ()),
                    *by_length.get(size + 1, ()))
            for key, day in near:
                bound = 1 if len(key) >= 8 else 0
                if abs(len(key) - size) > bound:
                    continue
                edits = 0 if said == key else distance(said, key, bound)
                if edits <= bound:
                    found = (key in short_forms, edits, -(last - first), first, day)
                    if best is None or found[:4] < best[:4]:
                        best = found
                        span = (first, last)
    if best is None:
        return None
    for index in range(span[0], span[1] + 1):
        text.take_token(index)
    return best[4]


def _abbreviated_weekend(text: Text) -> re.Match[str] | None:
    """"am WE", "übers WE": the German abbreviation, written in capitals after a preposition (so
    the English "we" never is one)."""
    for found in text.find(_WEEKEND_SHORT):
        if text.tokens[text.token_index(found.start("we"))].raw == "WE":
            return found
    return None


def find_weekend(text: Text, today: date) -> tuple[date, date | None] | None:
    """``(Saturday, Sunday)`` of the weekend meant, taking the words; ``None`` when none said."""
    found = text.first(_WEEKEND) or _abbreviated_weekend(text)
    if found is None:
        return None
    text.take_match(found)
    weekday = today.weekday()
    if weekday == 5:
        saturday = today
    elif weekday == 6:
        saturday = today - timedelta(days=1)
    else:
        saturday = today + timedelta(days=5 - weekday)
    if found["next"] and weekday >= 5:
        saturday += timedelta(days=7)
    sunday = saturday + timedelta(days=1)
    if saturday < today:  # said on a Sunday: what is left of it
        return today, None
    return saturday, sunday
