"""The caller's e-mail address, written ("lea.koch@example.com") or spoken ("mia punkt weber at
example punkt com", "ben dot schwarz at example dot org").

It is cut out of the text before the words are read, so its parts are never read as a name or a
service ("koch", "example").
"""

from __future__ import annotations

import re

_WRITTEN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_DOT = r"\s+(?:punkt|dot)\s+"
_AT = r"\s+(?:at|ät|@)\s+"
_PART = r"[^\W_][\w+-]*"
_SPOKEN = re.compile(
    rf"(?<![\w.])(?P<local>{_PART}(?:{_DOT}{_PART})*){_AT}(?P<domain>{_PART}(?:{_DOT}{_PART})+)"
    r"(?![\w])",
    re.IGNORECASE | re.UNICODE,
)
_SPOKEN_DOT = re.compile(_DOT, re.IGNORECASE)


def cut_email(text: str) -> tuple[str | None, str]:
    """``(address or None, the text without it)``; a spoken address is written out."""
    found = _WRITTEN.search(text)
    if found:
        address = found.group().rstrip(".")
        return address.lower(), text[: found.start()] + " " + text[found.end():]
    spoken = _SPOKEN.search(text)
    if spoken:
        local = _SPOKEN_DOT.sub(".", spoken["local"])
        domain = _SPOKEN_DOT.sub(".", spoken["domain"])
        return f"{local}@{domain}".lower(), text[: spoken.start()] + " " + text[spoken.end():]
    return None, text
