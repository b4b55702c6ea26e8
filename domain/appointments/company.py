"""The tenant and its places: a company owns branches, staff and event types."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from studiobook.domain.appointments.errors import InvalidCompany
from studiobook.domain.appointments.values import (
    Id,
    check_flag,
    clean_id,
    clean_name,
    set_fields,
)
from studiobook.domain.appointments.zones import zone_named

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
COUNTRY = re.compile(r"[A-Z]{2}")
SUBDIVISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,31}")


def slug_of(name: str) -> str:
    """``"Salon Anna – Mitte"`` -> ``"salon-anna-mitte"``: ASCII, lower case, dashes. A slug
    of digits only gets a ``studio-`` prefix: ``{company}`` in an address is an id or a slug,
    and an all-digit slug would read as an id."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")
    if slug.isdigit():
        slug = f"studio-{slug}"
    return slug or "studio"


def check_slug(slug: object, who: str) -> None:
    if not isinstance(slug, str) or not SLUG.fullmatch(slug) or len(slug) > 100 or slug.isdigit():
        raise InvalidCompany(
            f"{who}: slug {slug!r} must be lower-case letters, digits and single dashes "
            "(not only digits), at most 100 characters"
        )


@dataclass(frozen=True, kw_only=True)
class Company:
    """A tenant. ``default_event_type_id`` is booked when a request names an unknown or inactive
    event type (see :func:`studiobook.domain.appointments.event_types.choose_event_type`).

    ``country`` (ISO 3166-1, ``DE``) and ``subdivision`` (``BE``) name the public holidays the
    company closes on, unless ``closed_on_holidays`` is off; no country: no public holidays.
    Whether the country knows that subdivision is the holiday calendar's to say (the
    application asks it before storing).

    ``calcom_connected`` says that a Cal.com team and an API key are stored for the company; the
    key itself (encrypted) never leaves the store's connection record, so no copy of a company
    — in a log line, an audit row, a JSON answer — can carry it."""

    id: Id | None = None
    name: str
    time_zone: str
    default_event_type_id: Id | None = None
    calcom_team_id: Id | None = None
    calcom_connected: bool = False
    slug: str = ""  # in public addresses; "" until the company is stored (from the name)
    country: str | None = None
    subdivision: str | None = None
    closed_on_holidays: bool = True

    def __post_init__(self) -> None:
        company_id = clean_id(self.id, "company", InvalidCompany, optional=True)
        who = f"company {company_id if company_id is not None else self.name!r}"
        zone_named(self.time_zone, who, InvalidCompany)
        if self.slug:
            check_slug(self.slug, who)
        set_fields(
            self,
            id=company_id,
            name=clean_name(self.name, "name", who, InvalidCompany),
            time_zone=self.time_zone.strip(),
            default_event_type_id=clean_id(
                self.default_event_type_id, "default event type", InvalidCompany, optional=True
            ),
            calcom_team_id=clean_id(
                self.calcom_team_id, "Cal.com team", InvalidCompany, optional=True
            ),
            calcom_connected=check_flag(
                self.calcom_connected, "calcom_connected", who, InvalidCompany
            ),
        )
        if self.calcom_connected and self.calcom_team_id is None:
            raise InvalidCompany(f"{who}: connected to Cal.com without a team id")
        country, subdivision = holiday_region(self.country, self.subdivision, who)
        set_fields(
            self,
            country=country,
            subdivision=subdivision,
            closed_on_holidays=check_flag(
                self.closed_on_holidays, "closed_on_holidays", who, InvalidCompany
            ),
        )


def holiday_region(country: object, subdivision: object, who: str) -> tuple[str | None, str | None]:
    """``(" de", "be ")`` -> ``("DE", "BE")``; empty text is ``None``; a subdivision needs a
    country. Only the form is checked here: which codes exist is the holiday calendar's."""
    found: list[str | None] = []
    for value, what, pattern, example in (
        (country, "country", COUNTRY, "DE, GB"),
        (subdivision, "subdivision", SUBDIVISION, "BE, ENG"),
    ):
        if value is None or (isinstance(value, str) and not value.strip()):
            found.append(None)
            continue
        text = value.strip() if isinstance(value, str) else ""
        if what == "country" or (text.isascii() and len(text) <= 3):
            text = text.upper()
        if not pattern.fullmatch(text):
            raise InvalidCompany(
                f"{who}: {what} {value!r} is not a code like {example}"
                + (" (ISO 3166-1, two letters)" if what == "country" else "")
            )
        found.append(text)
    if found[1] is not None and found[0] is None:
        raise InvalidCompany(f"{who}: subdivision {found[1]} needs a country")
    return found[0], found[1]


@dataclass(frozen=True, kw_only=True)
class Branch:
    """A location of a company ("Filiale"). ``time_zone`` is ``None`` when it is the company's."""

    id: Id | None = None
    company_id: Id
    name: str
    time_zone: str | None = None

    def __post_init__(self) -> None:
        branch_id = clean_id(self.id, "branch", InvalidCompany, optional=True)
        who = f"branch {branch_id if branch_id is not None else self.name!r}"
        if self.time_zone is not None:
            zone_named(self.time_zone, who, InvalidCompany)
        set_fields(
            self,
            id=branch_id,
            company_id=clean_id(self.company_id, "company", InvalidCompany),
            name=clean_name(self.name, "name", who, InvalidCompany),
            time_zone=self.time_zone.strip() if self.time_zone is not None else None,
        )
