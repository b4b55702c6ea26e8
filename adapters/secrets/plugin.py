"""Registers the Fernet secrets adapter (kind ``secrets``, name ``fernet``).

``cryptography`` is imported only when a command encrypts or decrypts a secret (see
``studiobook.adapters.secrets.fernet``), never for ``--help`` nor for merely building the adapter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studiobook.application.hookspecs import hookimpl

if TYPE_CHECKING:
    from studiobook.adapters.secrets.fernet import FernetSecrets
    from studiobook.application.plugins import AdapterRegistry
    from studiobook.application.settings import Settings


@hookimpl
def studiobook_register_adapters(registry: AdapterRegistry) -> None:
    def build(settings: Settings) -> FernetSecrets:
        from studiobook.adapters.secrets.fernet import FernetSecrets

        return FernetSecrets(getattr(settings, "secret_key", ""))

    registry.register("secrets", "fernet", build)
