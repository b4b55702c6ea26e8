"""Which day a caller means: heute, morgen, übermorgen, a weekday, or a date.

Everything is computed on *local dates* in the studio's zone (``today`` is the caller's local
date), never by adding 24 hours to an instant: on a daylight-saving change day a local day has 23
or 25 hours, and "morgen" must still be the next calendar day.

Rules a caller would expect (and the tests pin down):

* a weekday means its next occurrence, never today: "Dienstag" said on a Tuesday is next week's;
  "diesen Dienstag"/"this Tuesday" said on a Tuesday is today; "übernächsten" adds a week;
  "Dienstag nächste Woche" is the Tuesday of the following calendar week;
* a date without a year that has already passed this year means next year; a day of the month
  alone ("am 3.", "on the 3rd") means the next such day;
* month names count only next to a day number ("May I ..." is not a date), and an impossible
  date ("31.11.") stays empty rather than being moved to a neighbour.
"""

from __future__ import annotations

from datetime import date, timedelta

from studiobook.domain.requests.normalise import NUMBER_WORDS, Text, damerau_levenshtein, number

WEEKDAYS = {
    "montag": 0, "monday": 0, "dienstag": 1, "tuesday": 1, "mittwoch": 2, "wednesday": 2,
    "donnerstag": 3, "thursday": 3, "freitag": 4, "friday": 4, "samstag": 5, "sonnabend": 5,
    "saturday": 5, "sonntag": 6, "sunday": 6,
}
_WEEKDAY = "|".join(f"{name}(?:s|'s)?" for name in WEEKDAYS)  # "Friday's massage" too
MONTHS = {
    "januar": 1, "jaenner": 1, "january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2,
    "maerz": 3, "march": 3, "mar": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))


def _ordinal_words() -> dict[str, int]:
    german = ("erst zweit dritt viert fuenft sechst siebt acht neunt zehnt elft zwoelft "
              "dreizehnt vierzehnt fuenfzehnt sechzehnt siebzehnt achtzehnt neunzehnt").split()
    units = "ein zwei drei vier fuenf sechs sieben acht neun".split()
    stems = {stem: n for n, stem in enumerate(german, start=1)}
    stems["zwanzigst"] = 20
    stems.update({f"{u}undzwanzigst": 20 + n for n, u in enumerate(units, start=1)})
    stems.update({"dreissigst": 30, "einunddreissigst": 31})
    words = {f"{stem}{end}": n for stem, n in stems.items() for end in ("e", "en", "er")}
    english = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
               "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
               "nineteenth twentieth").split()
    words.update({word: n for n, word in enumerate(english, start=1)})
    words.update({f"twenty {word}": 20 + n for n, word in enumerate(english[:9], start=1)})
    words.update({"thirtieth": 30, "thirty first": 31})
    return words


ORDINALS = _ordinal_words()
_ORDINAL_WORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_DAY = rf"(?P<day>\d{{1,2}}(?:\.|st|nd|rd|th)?|{_ORDINAL_WORD})"


def _day_number(text: str) -> int | None:
    return ORDINALS.get(text) if text in ORDINALS else number(text.rstrip("stndrh."))


def _on(today: date, year: int | None, month: int, day: int | None) -> date | None:
    """The date, or ``None`` when impossible; without a year the next such date from today."""
    if day is None:
        return None
    if year is not None:
        year = year + 2000 if year < 100 else year
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for candidate_year in (today.year, today.year + 1, today.year + 2, today.year + 3,
                           today.year + 4):
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            continue  # 29 February: the next leap year
        if found >= today:
            return found
    return None


def _day_of_month(today: date, day: int | None) -> date | None:
    """The next date (from today) that falls on the ``day``-th of a month."""
    if day is None or not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(13):
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _next_weekday(today: date, weekday: int, this: bool = False) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not this:
        ahead = 7
    return today + timedelta(days=ahead)


def _explicit(text: Text, today: date) -> date | None:
    """ISO dates, numeric German dates and dates with a month name, in that order."""
    found = text.first(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
    if found:
        text.take_match(found)
        return _on(today, int(found["y"]), int(found["m"]), int(found["d"]))
    found = text.first(r"(?:(?:am|den|vom|on|the) )?(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2,4})?")
    found = found or text.first(
        r"(?:am|den|vom|on) (?P<d>\d{1,2})\.(?P<m>\d{1,2})(?P<y>)(?! uhr| h(?!\S))"
    )
    if found and 1 <= int(found["m"]) <= 12:
        text.take_match(found)
        year = int(found["y"]) if found["y"] else None
        return _on(today, year, int(found["m"]), int(found["d"]))
    day_first = (rf"(?:(?:am|den|on|the) )?{_DAY} (?:of )?(?P<month>{_MONTH})"
                 r"(?: (?P<year>\d{4}))?")
    month_first = (rf"(?P<month>{_MONTH}) (?:the )?{_DAY}(?: (?P<year>\d{{4}}))?")
    found = text.first(day_first) or text.first(month_first)
    if found:
        text.take_match(found)
        year = int(found["year"]) if found["year"] else None
        return _on(today, year, MONTHS[found["month"]], _day_number(found["day"]))
    found = text.first(
        rf"(?:am|den|on the|the) (?P<day>\d{{1,2}}(?:\.|st|nd|rd|th)?|{_ORDINAL_WORD})"
        r"(?! uhr| h(?!\S)| o'clock| pm| am(?!\S))"
    )
    if found:
        text.take_match(found)
        return _day_of_month(today, _day_number(found["day"]))
    return None


def _relative(text: Text, today: date) -> date | None:
    rules = (
        (r"(?:the )?day after tomorrow|uebermorgen", 2),
        # "heute morgen" and "am Morgen" are mornings, left to the part-of-day finder.
        (r"(?<!heute )(?<!heut )(?<!am )(?<!jeden )morgen|tomorrow(?:'s)?|tmrw|tomorow|tommorow",
         1),
        (r"heute|heut|today(?:'s)?|this(?= (?:morning|afternoon|evening))", 0),
    )
    for pattern, days in rules:
        found = text.first(pattern)
        if found:
            text.take_match(found)
            return today + timedelta(days=days)
    if text.first("tonight"):  # left for the part-of-day finder: it is also the evening
        return today
    found = text.first(rf"in (?P<n>\d+|{NUMBER_WORDS}) (?P<unit>tagen|tage|days?|wochen|woche|weeks?)")
    count = number(found["n"]) if found else None
    if found and count is not None:
        text.take_match(found)
        factor = 7 if found["unit"].startswith(("woche", "week")) else 1
        return today + timedelta(days=count * factor)
    return None


def _weekday(text: Text, today: date) -> date | None:
    next_week = r"naechste woche|naechster woche|kommende woche|next week"
    found = text.first(
        rf"(?:(?P<lead>{next_week}) )?(?:(?P<which>am|on|this|diesen|kommenden|naechsten|next|"
        rf"coming) )?(?P<after>uebernaechsten )?(?P<day>{_WEEKDAY})(?: (?P<trail>{next_week}))?"
    )
    if not found:
        return _misspelt_weekday(text, today)
    text.take_match(found)
    said = found["day"]  # a weekday's name, or its plural ("montags", "mondays")
    said = said.removesuffix("'s")
    weekday = WEEKDAYS[said] if said in WEEKDAYS else WEEKDAYS[said[:-1]]
    if found["lead"] or found["trail"]:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=weekday)
    this = found["which"] in ("this", "diesen")
    day = _next_weekday(today, weekday, this=this)
    return day + timedelta(days=7) if found["after"] else day


def _misspelt_weekday(text: Text, today: date) -> date | None:
    """A weekday's name with one letter off ("Wednsday", "Donerstag"), not said otherwise; words
    of six letters or more only, so no other word is read as a day."""
    for index in text.free():
        word = text.tokens[index].word
        if len(word) < 6 or not word.isalpha():
            continue
        for name, weekday in WEEKDAYS.items():
            if abs(len(name) - len(word)) <= 1 and damerau_levenshtein(word, name, 1) <= 1:
                text.take_token(index)
                return _next_weekday(today, weekday)
    return None


def find_date(text: Text, today: date, latest: bool = False) -> date | None:
    """The day the caller means (``None`` when they named none), taking the words that said it.

    An explicit date wins over a weekday said with it ("Dienstag, den 1.12."), because a wrong
    weekday is the more common slip. With ``latest`` the day said last wins instead: moving an
    appointment "von Samstag auf Dienstag" names the old day first and the new one last."""
    said: list[tuple[int, date]] = []  # (first token, day), by kind: explicit, relative, weekday
    for extract in (_explicit, _relative, _weekday):
        # Relative days are read once: "heute morgen" is this morning, not today and tomorrow.
        for _ in range(1 if extract is _relative else len(text.tokens)):
            before = set(text.taken)
            day = extract(text, today)
            taken = text.taken - before
            if day is not None:
                said.append((min(taken) if taken else len(text.tokens), day))
            if not taken:
                break
    if not said:
        return None
    return max(said)[1] if latest else said[0][1]
