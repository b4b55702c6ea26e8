"""Who books: a name to call them by and an e-mail address to reach them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studiobook.domain.shared.errors import InvalidCustomer

# Deliberately loose: one "@", something on each side, a dot in the domain. Real validation is
# "the mail arrives"; this only stops typos such as a missing "@" or a stray space.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def normalise_email(email: str) -> str:
    cleaned = (email or "").strip()
    if not _EMAIL.match(cleaned):
        raise InvalidCustomer(f"'{email}' is not a valid e-mail address")
    local, _, domain_part = cleaned.rpartition("@")
    return f"{local}@{domain_part.lower()}"


@dataclass(frozen=True)
class Customer:
    name: str
    email: str

    @classmethod
    def of(cls, name: str, email: str) -> Customer:
        cleaned = (name or "").strip()
        if not cleaned:
            raise InvalidCustomer("a customer name is required")
        if len(cleaned) > 200:
            raise InvalidCustomer("a customer name can have at most 200 characters")
        return cls(name=cleaned, email=normalise_email(email))
