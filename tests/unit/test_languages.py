"""The language customers are written to in: checked where it is asked for, and picked from
``Accept-Language`` by q-value."""

from __future__ import annotations

import pytest

from studiobook.domain.notifications.languages import language_called
from studiobook.domain.shared.errors import InvalidValue
from studiobook.entrypoints.web.languages import preferred_language


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "de"),
        ("", "de"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR, fr;q=0.9, en;q=0.8, de;q=0.7", "en"),
        ("de;q=0.5, en;q=0.8", "en"),
        ("EN-us", "en"),
        ("en;q=0, de", "de"),
        ("en;q=0", "de"),
        ("fr, *;q=0.5", "de"),
        ("en;q=abc, de;q=0.1", "de"),
        ("en;q=2", "de"),
        ("de, en", "de"),
        ("en, de", "en"),
        (";;,,=,q=", "de"),
    ],
)
def test_the_first_supported_language_by_q_value_is_picked(header: str | None, expected: str) -> None:
    assert preferred_language(header) == expected


def test_a_language_studiobook_does_not_write_is_refused_with_the_ones_it_does() -> None:
    assert language_called("en") == "en"
    with pytest.raises(InvalidValue, match="de, en"):
        language_called("fr")


def test_the_studios_language_setting_knows_the_languages_the_domain_knows():
    from studiobook.application import settings
    from studiobook.domain.notifications.messages import LANGUAGES

    assert settings.LANGUAGES == LANGUAGES
    chosen = settings.Settings.from_env({"STUDIOBOOK_DEFAULT_LANGUAGE": "en"})
    assert chosen.default_language == "en"
    with pytest.raises(settings.SettingsError, match="STUDIOBOOK_DEFAULT_LANGUAGE"):
        settings.Settings.from_env({"STUDIOBOOK_DEFAULT_LANGUAGE": "fr"})
