"""The development notifier: each message as an ``.eml`` file in a folder (``./outbox`` unless
``STUDIOBOOK_OUTBOX_DIR`` says otherwise), exactly as SMTP would send it — open one with any
mail program. A message sent again after a crash overwrites its own file (same Message-ID, same
name) instead of adding a second.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from studiobook.adapters.notify.compose import compose
from studiobook.application.notifications.ports import NotificationFailed
from studiobook.domain.notifications.messages import Message


def file_name(message: Message) -> str:
    """``20261127T090000Z-booking_confirmed-<id>.eml``: in the order they were queued."""
    stamp = message.queued_at.strftime("%Y%m%dT%H%M%SZ") if message.queued_at else "unqueued"
    ident = re.sub(r"[^A-Za-z0-9]+", "", message.message_id.split("@")[0]) or "message"
    return f"{stamp}-{message.kind.value}-{ident}.eml"


class FileNotifier:
    def __init__(self, folder: Path, *, mail_from: str, public_url: str) -> None:
        self.folder = folder
        self.mail_from = mail_from
        self.public_url = public_url

    def __repr__(self) -> str:
        return f"FileNotifier({str(self.folder)!r})"

    def send(self, message: Message) -> None:
        email = compose(message, mail_from=self.mail_from, public_url=self.public_url)
        path = self.folder / file_name(message)
        part = path.with_name(f".{path.name}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            part.write_bytes(email.as_bytes())
            os.replace(part, path)  # a reader never sees half a message
        except OSError as error:
            raise NotificationFailed(f"cannot write {path}: {error}") from None
