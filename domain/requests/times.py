"""When in the day: clock times, ranges, parts of the day, and "as soon as possible".

A time window has two ends, ``time_from`` and ``time_to``. An exact wish ("um 15 Uhr") is the
window whose ends are equal; "ab 15 Uhr" has only a start, "bis 12" only an end.

Hours said without am/pm are read the way a studio's caller means them: a part of the day wins
("halb acht abends" is 19:30, "morgens um 7" is 07:00); otherwise the hour lands in the business
window 08:00-19:59, so 1-7 mean 13-19 ("halb vier" is 15:30, "at 3" is 15:00) and 8-12 stay
as they are. Written 24-hour times (15:00, 08:30 with its leading zero, 0 Uhr) are never moved.
A range's end that would come before its start is read in the afternoon ("zwischen 10 und 2").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from studiobook.domain.requests.normalise import NUMBERS, Text


class PartOfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


# Local clock hours a part of the day covers when searching for slots (end exclusive; None:
# the end of the day).
PART_HOURS: dict[PartOfDay, tuple[time, time | None]] = {
    PartOfDay.MORNING: (time(6), time(12)),
    PartOfDay.AFTERNOON: (time(12), time(17)),
    PartOfDay.EVENING: (time(17), None),
}
MIDDAY = (time(11), time(14))  # "mittags", "over lunch": a window, not a part of the day

_PARTS = (
    (PartOfDay.MORNING, r"am morgen|morgens?|am vormittag|vormittags?|in der frueh|frueh morgens|"
                        r"frueh|(?:in the |this |tomorrow )?mornings?"),
    (PartOfDay.AFTERNOON, r"am nachmittag|nachmittags?|(?:in the |this |tomorrow )?afternoons?"),
    (PartOfDay.EVENING, r"am abend|abends?|nach (?:dem )?feierabend|feierabend|nach der arbeit|tonight|"
                        r"(?:in the |this |tomorrow )?evenings?|after work"),
)
_MIDDAY = (r"ueber mittag|mittags?|(?:in der |um die )?mittagspause|(?:um die )?mittagszeit|"
           r"(?:at |over |around )?lunch ?time|(?:at |over |around )?lunch")
_ASAP = (
    r"so (?:frueh|bald|schnell) wie (?:moeglich|es geht)|moeglichst (?:frueh|bald|schnell)|"
    r"schnellstmoeglich\w*|fruehestmoeglich\w*|naechstmoeglich\w*|baldmoeglichst|baldigst|"
    r"naechste[nrs]? (?:freie[nrs]?|moegliche[nrs]?)(?: termin\w*)?|"
    r"as soon as (?:possible|you can)|asap|as early as possible|soonest(?: possible)?|"
    r"(?<!at the )(?<!at )(?:the )?earliest(?: possible| available)?"
    r"(?: slot| appointment| time| date| opening| one)?|(?:first|next) (?:available|free|open)"
    r"(?: slot| appointment| time| date| opening| one)?"
)
# Articles are no hours ("so ein Ultraschall"); "ein Uhr" is read by :func:`_atom`.
_HOUR_WORDS = {w: n for w, n in NUMBERS.items() if n <= 12 and w not in
               {"a", "an", "ein", "eine", "einem", "einer", "null", "zero", "twenty"}}
_MINUTE_WORDS = {"fuenf": 5, "five": 5, "zehn": 10, "ten": 10, "zwanzig": 20, "twenty": 20,
                 "5": 5, "10": 10, "20": 20, "25": 25}
_EXACT_CUES = {"um", "at", "gegen", "around", "about", "ca", "circa", "etwa", "ungefaehr",
               "for", "so", "like"}
# Minutes said after "Uhr" in words ("zehn Uhr dreißig").
_UHR_MINUTES = {"fuenf": 5, "zehn": 10, "fuenfzehn": 15, "zwanzig": 20, "fuenfundzwanzig": 25,
                "dreissig": 30, "fuenfunddreissig": 35, "vierzig": 40, "fuenfundvierzig": 45,
                "fuenfzig": 50, "fuenfundfuenfzig": 55}
_RELATIVE_WORDS = {"nach", "vor", "past", "to", "halb", "half", "dreiviertel", "viertel",
                   "quarter"}
# A part of the day said right after a clock time makes it one ("seven in the morning").
_PART_AFTER = ("in the morning", "in the afternoon", "in the evening", "at night", "morgens",
               "frueh", "abends", "nachmittags", "vormittags")
_FROM_PHRASES = ("fruehestens ab", "fruehestens um", "fruehestens", "nicht vor", "not before",
              "ab", "nach", "after", "from", "starting", "later than", "spaeter als")
_TO_PHRASES = ("spaetestens bis", "spaetestens um", "spaetestens", "bis spaetestens", "no later than",
            "nicht nach", "not after", "bis", "vor", "before", "until", "till", "by", "frueher als",
            "earlier than")
_LATER = (["oder", "spaeter"], ["or", "later"], ["at", "the", "earliest"], ["at", "earliest"])
_EARLIER = (["oder", "frueher"], ["or", "earlier"], ["at", "the", "latest"], ["at", "latest"])
# Longest first, so "fruehestens um" wins over "fruehestens".
_FROM_CUES = tuple(c.split() for c in sorted(_FROM_PHRASES, key=len, reverse=True))
_TO_CUES = tuple(c.split() for c in sorted(_TO_PHRASES, key=len, reverse=True))
# A number followed by one of these counts or measures something ("für zwei Wochen", "for two
# people", "10 sessions"): it is no clock time.
_UNITS = frozenset(
    """minute minuten min mins minutes stunde stunden std hour hours hrs tag tage tagen day days
    woche wochen week weeks monat monate monaten month months jahr jahre jahren year years mal
    times personen person people leute kinder kids children erwachsene adults euro eur dollar
    dollars pfund pounds prozent percent session sessions einheit einheiten stueck termine
    appointments slots treatments behandlungen sitzungen kilo kg km lessons""".split()
)
_COUNTED = (["of", "us"], ["of", "them"], ["von", "uns"])
_RANGE_OPENERS = {"zwischen", "between", "von", "from"}
_MOVE_TARGET_CUES = {"to", "auf"}
_RANGE_JOINS = {"und", "and", "bis", "to", "till", "until", "-"}


@dataclass(frozen=True)
class _Atom:
    """A clock time as said: ``strong`` when it is one on its own (15 Uhr, 3pm, halb vier),
    weak when only a cue word makes it one ("um 3")."""

    hour: int
    minute: int
    length: int
    strong: bool
    fixed: bool = False  # written in 24-hour form: never moved
    meridiem: str | None = None


def find_asap(text: Text) -> bool:
    found = text.find(_ASAP)
    for match in found:
        text.take_match(match)
    return bool(found)


def find_part_of_day(text: Text) -> PartOfDay | None:
    """The first part of the day named; a bare "morgen" still untaken here means "heute
    morgen"/"am Morgen" (the date finder has taken every "morgen" that meant tomorrow)."""
    named: list[tuple[int, PartOfDay]] = []
    for part, pattern in _PARTS:
        for match in text.find(pattern):
            text.take_match(match)
            named.append((match.start(), part))
    return min(named)[1] if named else None


def _hour(word: str) -> int | None:
    if word.isdigit() and len(word) <= 2:
        return int(word)
    if word.endswith("h") and word[:-1].isdigit() and len(word) <= 3:
        return int(word[:-1])
    return _HOUR_WORDS.get(word)


def _atom(words: list[str], i: int, english: bool) -> _Atom | None:
    """The clock time starting at token ``i``, if one does."""
    def at(k: int) -> str:
        return words[i + k] if i + k < len(words) else ""

    w = at(0)
    relative = _relative_atom(words, i)
    if relative is not None:
        return relative
    if w in ("noon", "midday", "mittag"):  # "mittag" alone is a window ("über Mittag")
        return _Atom(12, 0, 1, w != "mittag", fixed=True)
    if ":" in w or ("." in w and w[-1] != "." and len(w) >= 4):
        hour_text, _, minute_text = w.replace(".", ":").partition(":")
        if hour_text.isdigit() and minute_text.isdigit():
            atom = _Atom(int(hour_text), int(minute_text), 1, ":" in w,
                         fixed=int(hour_text) >= 13 or hour_text.startswith("0"))
            return _suffixed(atom, words, i + 1, english)
        return None
    hour = _hour(w.rstrip("."))
    if hour is None and at(1) == "uhr" and (w == "ein" or 13 <= NUMBERS.get(w, 0) <= 23):
        hour = NUMBERS[w]  # "achtzehn Uhr", "ein Uhr"
    if hour is None or (w.endswith(".") and not w[:-1].isdigit()):
        return None
    atom = _Atom(hour, 0, 1, w.endswith("h"), fixed=w.startswith("0") or hour >= 13)
    if at(1) == "uhr":
        minute = at(2)
        if minute.isdigit() and len(minute) == 2:
            return _Atom(hour, int(minute), 3, True, atom.fixed)
        if minute in _UHR_MINUTES:
            return _Atom(hour, _UHR_MINUTES[minute], 3, True, atom.fixed)
        return _Atom(hour, 0, 2, True, atom.fixed)
    return _suffixed(atom, words, i + 1, english)


def _suffixed(atom: _Atom, words: list[str], j: int, english: bool) -> _Atom:
    after = words[j] if j < len(words) else ""
    if after in ("uhr", "o'clock", "h"):
        return _Atom(atom.hour, atom.minute, atom.length + 1, True, atom.fixed)
    if after == "pm" or (after == "am" and english):
        return _Atom(atom.hour, atom.minute, atom.length + 1, True, False, after)
    return atom


def _relative_atom(words: list[str], i: int) -> _Atom | None:
    """halb vier, viertel nach drei, dreiviertel vier, quarter to four, zehn nach drei, ..."""
    seq = words[i:i + 4]

    def hour_at(k: int) -> int | None:
        return _hour(seq[k]) if k < len(seq) else None

    def before(hour: int | None, minute: int, length: int) -> _Atom | None:
        if hour is None or not 1 <= hour <= 12:
            return None
        return _Atom(12 if hour == 1 else hour - 1, minute, length, True)

    first = seq[0] if seq else ""
    if first == "a" and len(seq) > 1 and seq[1] == "quarter":
        found = _relative_atom(words, i + 1)
        return None if found is None else _Atom(found.hour, found.minute, found.length + 1, True)
    if first == "halb":
        return before(hour_at(1), 30, 2)
    if first == "half" and hour_at(1) and (len(seq) < 3 or seq[2] != "past"):
        return _Atom(hour_at(1) or 0, 30, 2, True)  # British "half nine": 9:30
    if first == "dreiviertel":
        return before(hour_at(1), 45, 2)
    if len(seq) >= 3:
        middle, hour = seq[1], hour_at(2)
        if first in ("viertel", "quarter") and middle in ("nach", "past") and hour:
            return _Atom(hour, 15, 3, True)
        if first in ("viertel", "quarter") and middle in ("vor", "to"):
            return before(hour, 45, 3)
        if first == "half" and middle == "past" and hour:
            return _Atom(hour, 30, 3, True)
        minutes = _MINUTE_WORDS.get(first)
        if minutes and middle in ("nach", "past") and hour:
            return _Atom(hour, minutes, 3, True)
        if minutes and middle == "vor":
            return before(hour, 60 - minutes, 3)
    return None


def _resolve(atom: _Atom, part: PartOfDay | None) -> time | None:
    hour, minute = atom.hour, atom.minute
    if atom.meridiem == "pm":
        hour = hour % 12 + 12
    elif atom.meridiem == "am":
        hour = hour % 12
    elif atom.fixed or hour >= 13 or hour == 0:
        pass
    elif part in (PartOfDay.AFTERNOON, PartOfDay.EVENING):
        hour = hour + 12 if hour < 12 else hour
    elif part is None and 1 <= hour <= 7:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _cue(words: list[str], i: int, cues: tuple[list[str], ...]) -> int:
    """The number of tokens of the longest cue (from ``cues``) starting at ``i``; 0 if none."""
    for parts in cues:
        if words[i:i + len(parts)] == parts:
            return len(parts)
    return 0


def find_times(
    text: Text, part: PartOfDay | None, english: bool, moving: bool = False
) -> tuple[time | None, time | None]:
    """``(time_from, time_to)``; equal when one exact time was asked for. When an appointment
    is moved, "to"/"auf" before a time names the new time ("push it back to four", "von 3 auf
    halb 5 verlegen"): it is the exact time asked for, whatever else was said."""
    words = text.visible.split(" ")
    said = text.folded.split(" ")
    for i in range(len(words) - 1):
        # "seven in the morning": the part of the day (already read) makes the number a time.
        atom = _atom(words, i, english)
        if (atom is not None and not atom.strong and atom.length == 1
                and (i == 0 or words[i - 1] not in _RELATIVE_WORDS)
                and words[i + 1].startswith("_")
                and any(" ".join(said[i + 1:i + 1 + len(p.split())]) == p for p in _PART_AFTER)):
            words[i] = f"{atom.hour}h"
    exact: list[_Atom] = []
    start: _Atom | None = None
    end: _Atom | None = None
    target: _Atom | None = None
    i = 0
    while i < len(words):
        found = _range_at(words, i, english) or _single_at(words, i, english)
        if found is None and moving and words[i] in _MOVE_TARGET_CUES:
            atom = _atom(words, i + 1, english)
            if atom is not None and not _counts(words, i + 1 + atom.length):
                found = "target", atom, None, 1 + atom.length
        if found is None:
            i += 1
            continue
        kind, first, second, length = found
        for k in range(i, i + length):
            text.take_token(k)
        if kind == "range":
            start, end = first, second
        elif kind == "from":
            start = first
        elif kind == "to":
            end = first
        elif kind == "target":
            target = first
        else:
            exact.append(first)
        i += length
    if target is not None:
        return _window([target], None, None, part)
    return _window(exact, start, end, part)


# What a cue at one token found: its kind ("range", "from", "to" or "exact"), the clock time (and
# the range's end), and how many tokens it took.
_Found = tuple[str, _Atom, _Atom | None, int]


def _counts(words: list[str], j: int) -> bool:
    """Whether the number ending before token ``j`` counts or measures something."""
    return (j < len(words) and words[j] in _UNITS) or any(
        words[j:j + len(tail)] == tail for tail in _COUNTED)


def _range_at(words: list[str], i: int, english: bool) -> _Found | None:
    opener = 1 if words[i] in _RANGE_OPENERS else 0
    first = _atom(words, i + opener, english)
    if first is None:
        return None
    j = i + opener + first.length
    if j >= len(words) or words[j] not in _RANGE_JOINS:
        return None
    second = _atom(words, j + 1, english)
    if second is None or not (opener or first.strong or second.strong):
        return None
    if _counts(words, j + 1 + second.length):
        return None  # "zwei bis drei Wochen"
    if first.meridiem is None and second.meridiem and first.hour % 12 <= second.hour % 12:
        first = _Atom(first.hour, first.minute, first.length, True, False, second.meridiem)
    return "range", first, second, j + 1 + second.length - i


def _single_at(words: list[str], i: int, english: bool) -> _Found | None:
    for kind, cues in (("from", _FROM_CUES), ("to", _TO_CUES)):
        size = _cue(words, i, cues)
        if size:
            found = _atom(words, i + size, english)
            if found is not None and not _counts(words, i + size + found.length):
                return kind, found, None, size + found.length
    size = 1 if words[i] in _EXACT_CUES else 0
    if size and words[i] == "so" and i + 1 < len(words) and words[i + 1] in ("um", "gegen"):
        size = 2
    found = _atom(words, i + size, english)
    if found is None or not (size or found.strong):
        return None
    length = size + found.length
    if _counts(words, i + length):
        return None
    for kind, tails in (("from", _LATER), ("to", _EARLIER)):
        for tail in tails:
            if words[i + length:i + length + len(tail)] == tail:
                return kind, found, None, length + len(tail)
    return "exact", found, None, length


def _window(
    exact: list[_Atom], start: _Atom | None, end: _Atom | None, part: PartOfDay | None
) -> tuple[time | None, time | None]:
    if exact and start is None and end is None:
        times = sorted(t for t in (_resolve(a, part) for a in exact) if t is not None)
        return (times[0], times[-1]) if times else (None, None)
    low = _resolve(start, part) if start else None
    high = _resolve(end, part) if end else None
    if (
        low and high and end and high <= low and end.meridiem is None and not end.fixed
        and high.hour < 12
    ):
        high = time(high.hour + 12, high.minute)
    return low, high


def find_midday(text: Text) -> tuple[time, time] | None:
    found = text.find(_MIDDAY)
    for match in found:
        text.take_match(match)
    return MIDDAY if found else None
