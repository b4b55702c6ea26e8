"""The booking pages' words and dates in the customer's language.

The words come from the gettext catalogues ``locale/<language>/LC_MESSAGES/pages.po`` beside
this module, read with Babel once per process (like the e-mails', in
``studiobook.adapters.notify.texts``): the ``.po`` files are what is reviewed and shipped, with
no compiled file to forget. A text missing from a catalogue is an error, never a bare key on a
customer's screen. Dates and times are Babel's (CLDR), always in the studio's zone: a customer
reads the wall clock of the place they go to.

The language: ``?lang=de|en`` (remembered in a cookie), else the browser's ``Accept-Language``
as the public API reads it (``studiobook.entrypoints.web.languages``: German when it names
neither).
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from starlette.requests import Request

from studiobook.domain.notifications.messages import LANGUAGES
from studiobook.entrypoints.web.languages import preferred_language

LOCALE = Path(__file__).with_name("locale")
DOMAIN = "pages"
LANGUAGE_COOKIE = "studiobook_lang"


class MissingText(LookupError):
    pass


def catalogue_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Catalogue:
    """One language's texts by key, the plural forms of the keys that have them, and the
    language's rule choosing a plural form for a number."""

    texts: dict[str, str]
    plurals: dict[str, tuple[str, ...]]
    plural_form: Callable[[int], int]

    @property
    def keys(self) -> set[str]:
        return set(self.texts) | set(self.plurals)


@functools.cache
def catalogue(language: str) -> Catalogue:
    """The ``.po`` file read with Babel, once per process; untranslated and fuzzy entries are
    left out, as msgfmt leaves them out."""
    from babel.messages.pofile import read_po

    with catalogue_path(language).open("rb") as po:
        read = read_po(po, locale=language, domain=DOMAIN)
    texts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in read:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            if all(message.string):
                plurals[message.id[0]] = tuple(message.string)
        elif message.string:
            texts[message.id] = message.string
    return Catalogue(texts, plurals, gettext.c2py(read.plural_expr))


def asked_language(request: Request) -> str | None:
    """The language the customer picked with the switch (``?lang=``), if any."""
    asked = request.query_params.get("lang")
    return asked if asked in LANGUAGES else None


def language_of(request: Request) -> str:
    remembered = request.cookies.get(LANGUAGE_COOKIE)
    return (
        asked_language(request)
        or (remembered if remembered in LANGUAGES else None)
        or preferred_language(request.headers.get("accept-language"))
    )


class PageTexts:
    """The texts of one language, and dates in one zone: ``t("class.left", n=3)``."""

    def __init__(self, language: str, zone: str) -> None:
        self.language = language
        self.zone = ZoneInfo(zone)
        self._catalogue = catalogue(language)

    def __call__(self, key: str, **values: object) -> str:
        text = self._catalogue.texts.get(key)
        if text is None:
            raise MissingText(f"the {self.language} catalogue has no text for '{key}'")
        return text.format(**values)

    def plural(self, key: str, n: int, **values: object) -> str:
        """The form of ``key`` (``msgid``/``msgid_plural`` in the catalogue) for ``n``."""
        forms = self._catalogue.plurals.get(key)
        if forms is None:
            raise MissingText(f"the {self.language} catalogue has no plural text for '{key}'")
        return forms[self._catalogue.plural_form(n)].format(n=n, **values)

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.zone)

    def day(self, moment: datetime | date) -> str:
        """``Monday, November 30`` / ``Montag, 30. November``: the pattern is the catalogue's
        (CLDR has no such skeleton with the full weekday)."""
        from babel.dates import format_date

        shown = self.local(moment).date() if isinstance(moment, datetime) else moment
        return format_date(shown, self("date.day"), locale=self.language)

    def short_day(self, moment: datetime | date) -> str:
        """``Mon, Nov 30`` / ``Mo., 30. Nov.``."""
        from babel.dates import format_skeleton

        shown = self.local(moment).date() if isinstance(moment, datetime) else moment
        return format_skeleton("MMMEd", shown, locale=self.language)

    def time(self, instant: datetime) -> str:
        """``6:00 PM`` / ``18:00``, on the studio's wall clock."""
        from babel.dates import format_time

        return format_time(self.local(instant), "short", tzinfo=self.zone, locale=self.language)

    def moment(self, instant: datetime) -> str:
        """Day and time: ``Mon, Nov 30, 6:00 PM`` / ``Mo., 30. Nov., 18:00``."""
        return self("when.moment", day=self.short_day(instant), time=self.time(instant))

    def amount(self, amount: Decimal) -> str:
        """A price with its cents: ``1,234.50`` / ``1.234,50`` (no currency: none is stored)."""
        from babel.numbers import format_decimal

        return format_decimal(amount, "#,##0.00", locale=self.language)

    def span(self, start: datetime, end: datetime | None) -> str:
        """``6:00 PM – 7:00 PM`` on one day."""
        if end is None:
            return self.time(start)
        return self("when.span", start=self.time(start), end=self.time(end))
