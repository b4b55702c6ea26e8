"""What customers may send: strict bodies (unknown fields refused, no "1" for 1), bounded
strings and numbers, e-mail addresses checked like the domain checks them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from studiobook.domain.shared.customers import normalise_email
from studiobook.domain.shared.errors import InvalidCustomer

MAX_ID = 2**31 - 1  # the database's integer columns
MAX_TICKETS = 100
EARLIEST, LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
KEY_PATTERN = r"^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$"  # printable ASCII, not only spaces
TOKEN_PATTERN = r"^[A-Za-z0-9_-]+$"  # a manage token is URL-safe base64


def _email(value: str) -> str:
    try:
        return normalise_email(value)
    except InvalidCustomer as error:
        raise ValueError(str(error)) from None


def _in_range(moment: datetime) -> datetime:
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"must lie between {EARLIEST.year} and {LATEST.year}")
    return moment


Email = Annotated[str, Field(min_length=3, max_length=254), AfterValidator(_email)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# JSON has no date type: an instant is a string, so only these fields are parsed leniently.
Instant = Annotated[AwareDatetime, Field(strict=False), AfterValidator(_in_range)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class BookingRequest(Body):
    name: Name
    email: Email
    tickets: int = Field(1, ge=1, le=MAX_TICKETS)
    waitlist: bool = Field(False, description="When the course is full, join its waitlist.")


class CancelRequest(Body):
    tickets: int | None = Field(
        None, ge=1, le=MAX_TICKETS, description="Give back this many; left out: all of them."
    )


class AppointmentRequest(Body):
    event_type_id: Id
    start: Instant
    name: Name
    email: Email
    staff_id: Id | None = Field(None, description="Left out: the first staff member free then.")


class RescheduleRequest(Body):
    start: Instant
