"""Registers the Fernet secrets adapter (kind ``secrets``, name ``fernet``).

``cryptography`` is imported only when a command encrypts or decrypts a secret (see
``studiobook.adapters.secrets.fernet``), never for ``--help`` nor for merely building the adapter.
"""

from __future__ import annotations

from studiobook.application.hookspecs import hookimpl


@hookimpl
def studiobook_register_adapters(registry) -> None:
    def build(settings):
        from studiobook.adapters.secrets.fernet import FernetSecrets

        return FernetSecrets(getattr(settings, "secret_key", ""))

    registry.register("secrets", "fernet", build)
