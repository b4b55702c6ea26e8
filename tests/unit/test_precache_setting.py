"""STUDIOBOOK_PRECACHE_EVENT_TYPES (issue 19): default 3, 0 turns precaching off, bad values are
refused with one line naming the variable."""

from __future__ import annotations

import pytest

from studiobook.application.settings import Settings, SettingsError


def test_the_default_is_three_and_zero_is_allowed():
    assert Settings.from_env({}).precache_event_types == 3
    assert Settings.from_env({"STUDIOBOOK_PRECACHE_EVENT_TYPES": "0"}).precache_event_types == 0


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("-1", "STUDIOBOOK_PRECACHE_EVENT_TYPES must be from 0 (off) to 50"),
        ("51", "STUDIOBOOK_PRECACHE_EVENT_TYPES must be from 0 (off) to 50"),
        ("drei", "STUDIOBOOK_PRECACHE_EVENT_TYPES='drei' is not a valid int"),
    ],
)
def test_bad_values_are_refused_in_one_line(raw, said):
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"STUDIOBOOK_PRECACHE_EVENT_TYPES": raw})
    assert str(refused.value) == said
