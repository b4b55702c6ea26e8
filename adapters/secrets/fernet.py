"""The secrets port with Fernet (``cryptography``): AES-128-CBC plus HMAC-SHA256, a timestamp
and a fresh IV per token, so the same API key stored twice gives two different tokens and a
tampered token is refused rather than decrypted into garbage.

The key comes from ``STUDIOBOOK_SECRET_KEY``. Several comma-separated keys rotate it: the first
encrypts, every one of them decrypts (``MultiFernet``), so an operator can add a new key, re-store
the secrets, then drop the old one. Nothing is checked until a secret is used: commands that
touch none work without a key.

Nor is ``cryptography`` imported before then: the container builds this adapter for every
command that could need a secret (availability and appointments of any company, in case it is
connected to Cal.com), and most never decrypt one; a CLI command must start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studiobook.application.shared.ports import SecretUnavailable

if TYPE_CHECKING:
    from cryptography.fernet import Fernet, MultiFernet

VARIABLE = "STUDIOBOOK_SECRET_KEY"
HOW_TO = "generate one with `studiobook secret-key`"


def new_key() -> str:
    """A fresh random key in the form ``STUDIOBOOK_SECRET_KEY`` takes."""
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode("ascii")


class FernetSecrets:
    def __init__(self, keys: str) -> None:
        self._keys = keys
        self._fernet: MultiFernet | None = None

    def __repr__(self) -> str:
        return "FernetSecrets(keys=***)"

    def encrypt(self, text: str) -> str:
        return self._cipher().encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        from cryptography.fernet import InvalidToken

        cipher = self._cipher()
        try:
            return cipher.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise SecretUnavailable(
                f"a stored secret cannot be decrypted with this {VARIABLE}: it was stored with "
                "another key (to change keys, set the new and the old one comma-separated, new "
                "first) or the stored value is damaged (store the secret again)"
            ) from None

    def _cipher(self) -> MultiFernet:
        if self._fernet is None:
            from cryptography.fernet import MultiFernet

            keys = [part.strip() for part in self._keys.split(",") if part.strip()]
            if not keys:
                raise SecretUnavailable(f"{VARIABLE} is not set: {HOW_TO}")
            self._fernet = MultiFernet([self._one(key, n) for n, key in enumerate(keys, 1)])
        return self._fernet

    @staticmethod
    def _one(key: str, position: int) -> Fernet:
        from cryptography.fernet import Fernet

        try:
            return Fernet(key.encode("ascii"))
        except (ValueError, UnicodeError):
            # Never echo the value: a mistyped key is still most of a secret.
            raise SecretUnavailable(
                f"{VARIABLE} (key {position}) is not a valid key (32 url-safe base64-encoded "
                f"bytes): {HOW_TO}"
            ) from None
