"""The development outbox: mail is printed and kept as .eml files so it can be read in a browser."""

import threading
import uuid
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedMessage
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class OutboxBackend(ConsoleBackend):
    _lock = threading.Lock()

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        outbox = Path(settings.OUTBOX_DIR)
        outbox.mkdir(parents=True, exist_ok=True)
        with self._lock:
            for message in email_messages:
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
                name = f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
                (outbox / name).write_bytes(message.message().as_bytes())
        return sent


def outbox_messages(limit: int = 50) -> list[tuple[str, ParsedMessage]]:
    """The newest mails in the outbox, newest first, as (file name, parsed message)."""
    outbox = Path(settings.OUTBOX_DIR)
    if not outbox.is_dir():
        return []
    files = sorted(outbox.glob("*.eml"), reverse=True)[:limit]
    return [(f.name, message_from_bytes(f.read_bytes(), policy=policy.default)) for f in files]


def message_text(message: ParsedMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    return body.get_content() if body is not None else ""
