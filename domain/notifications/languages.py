"""The languages customers are written to in, and how a language someone asks for is checked."""

from __future__ import annotations

from studiobook.domain.notifications.messages import LANGUAGES, InvalidMessage, Language

DEFAULT_LANGUAGE: Language = "de"  # the studios' own, when nobody asked for another


def language_called(name: str) -> Language:
    """``name`` as a :data:`Language`; refused with the languages there are otherwise (a
    misspelt one would otherwise surface only when the e-mail is composed, after the commit)."""
    for language in LANGUAGES:
        if name == language:
            return language
    raise InvalidMessage(f"language '{name}' is not one of {', '.join(LANGUAGES)}")
