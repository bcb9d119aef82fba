"""Signed positions of keyset pages, for the API's cursors and the pages' "more" links
alike: a position is handed out signed, and one this platform did not make is refused,
never read."""

from __future__ import annotations

from base64 import b64decode, b64encode
from urllib.parse import parse_qsl, urlencode

from django.core.signing import BadSignature, Signer


class Positions:
    """A codec of positions (a few named text values) for one kind of page."""

    def __init__(self, salt: str) -> None:
        self._signer = Signer(salt=salt)

    def sign(self, values: dict[str, str]) -> str:
        return self._signer.sign(b64encode(urlencode(values).encode()).decode("ascii"))

    def read(self, token: str) -> dict[str, str] | None:
        """The values of a token this codec made, or None for any other text."""
        try:
            return dict(parse_qsl(b64decode(self._signer.unsign(token)).decode("ascii")))
        except (BadSignature, ValueError, UnicodeError):
            return None
