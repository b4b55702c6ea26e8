"""The e-mails' words, from the gettext catalogues in ``locale/<language>/LC_MESSAGES/mail.po``,
and their dates and times in the customer's language (Babel's CLDR data).

The catalogues are read with Babel and compiled in memory on first use, once per process: the
``.po`` files are what is kept, reviewed and shipped (package data), and there is no compiled
file to forget to rebuild. A text missing from a catalogue is an error, never the bare key in a
customer's inbox.
"""

from __future__ import annotations

import functools
import gettext
import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

LOCALE = Path(__file__).with_name("locale")
DOMAIN = "mail"


class MissingText(LookupError):
    pass


def catalogue_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Texts:
    """The texts of one language: ``texts("greeting", name="Ada")``."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._translations = translations(language)

    def __call__(self, key: str, **values: object) -> str:
        text = self._translations.gettext(key)
        if text == key:
            raise MissingText(f"the {self.language} catalogue has no text for '{key}'")
        return text.format(**values)

    def day(self, instant: datetime, zone: ZoneInfo) -> str:
        """``Friday, 27 November 2026`` / ``Freitag, 27. November 2026``."""
        from babel.dates import format_date

        return format_date(instant.astimezone(zone).date(), "full", locale=self.language)

    def short_day(self, instant: datetime, zone: ZoneInfo) -> str:
        """``Fri, Nov 27, 2026`` / ``Fr., 27. Nov. 2026``."""
        from babel.dates import format_skeleton

        return format_skeleton("yMMMEd", instant.astimezone(zone), locale=self.language)

    def time(self, instant: datetime, zone: ZoneInfo) -> str:
        """``6:00 PM`` / ``18:00``. CLDR puts a narrow no-break space before "PM", which some
        mail programs show as a box: a plain space it is."""
        from babel.dates import format_time

        shown = format_time(instant.astimezone(zone), "short", tzinfo=zone, locale=self.language)
        return shown.replace("\u202f", " ")
