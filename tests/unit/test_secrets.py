"""The Fernet secrets adapter: round trip, fresh tokens, clear errors for a missing, malformed
or wrong key — and none of them shows a secret."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from studiobook.adapters.secrets.fernet import FernetSecrets, new_key
from studiobook.application.settings import Settings
from studiobook.application.shared.ports import SecretUnavailable

API_KEY = "cal_live_0123456789abcdef"


def test_a_secret_comes_back_as_it_went_in_and_the_token_is_not_the_secret():
    secrets = FernetSecrets(new_key())

    token = secrets.encrypt(API_KEY)

    assert API_KEY not in token
    assert token != API_KEY
    assert secrets.decrypt(token) == API_KEY
    assert secrets.encrypt(API_KEY) != token  # a fresh IV each time: equal keys do not show


def test_without_a_key_storing_or_reading_a_secret_says_how_to_get_one():
    secrets = FernetSecrets("")

    with pytest.raises(SecretUnavailable, match="STUDIOBOOK_SECRET_KEY is not set.*studiobook secret-key"):
        secrets.encrypt(API_KEY)
    with pytest.raises(SecretUnavailable, match="not set"):
        secrets.decrypt("gAAAA-anything")


def test_a_token_made_with_another_key_is_refused_clearly():
    token = FernetSecrets(new_key()).encrypt(API_KEY)

    with pytest.raises(SecretUnavailable, match="cannot be decrypted with this STUDIOBOOK_SECRET_KEY") as caught:
        FernetSecrets(new_key()).decrypt(token)
    assert API_KEY not in str(caught.value)


def test_a_damaged_token_is_refused_like_a_wrong_key():
    secrets = FernetSecrets(new_key())
    token = secrets.encrypt(API_KEY)

    with pytest.raises(SecretUnavailable, match="damaged"):
        secrets.decrypt(token[:-6] + "AAAAAA")
    with pytest.raises(SecretUnavailable):
        secrets.decrypt("not a token ü")


def test_a_malformed_key_is_named_but_not_shown():
    typo = "my-password-is-not-a-fernet-key"

    with pytest.raises(SecretUnavailable, match="not a valid key") as caught:
        FernetSecrets(typo).encrypt(API_KEY)
    assert typo not in str(caught.value)


def test_keys_rotate_new_first_and_old_tokens_still_open():
    old, new = new_key(), new_key()
    stored_with_old = FernetSecrets(old).encrypt(API_KEY)
    rotated = FernetSecrets(f"{new}, {old}")

    assert rotated.decrypt(stored_with_old) == API_KEY
    assert FernetSecrets(new).decrypt(rotated.encrypt(API_KEY)) == API_KEY  # the first encrypts


def test_the_key_is_read_from_the_environment_and_kept_out_of_repr():
    key = new_key()

    settings = Settings.from_env({"STUDIOBOOK_SECRET_KEY": key})

    assert settings.secret_key == key
    assert key not in repr(settings)
    assert key not in repr(FernetSecrets(key))
    assert Fernet(key.encode())  # what `studiobook secret-key` prints is a usable key


def test_the_container_builds_the_fernet_adapter_from_settings(tmp_path):
    from studiobook.application.container import build_container

    key = new_key()
    settings = Settings(database_url=f"sqlite:///{tmp_path}/x.db", load_entry_points=False, secret_key=key)
    container = build_container(settings)

    assert container.adapters().names("secrets") == ["fernet"]
    token = container.secrets().encrypt(API_KEY)
    assert FernetSecrets(key).decrypt(token) == API_KEY
