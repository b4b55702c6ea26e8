"""``studiobook secret-key``: a fresh key for ``STUDIOBOOK_SECRET_KEY``."""

from __future__ import annotations

import click


@click.command("secret-key")
def secret_key() -> None:
    """Print a new random key for STUDIOBOOK_SECRET_KEY (it encrypts stored API keys).

    Keep it like a password: stored Cal.com keys cannot be read without it."""
    from studiobook.adapters.secrets.fernet import new_key

    click.echo(new_key())
