"""Text that people send, checked once the same way everywhere: trimmed, no NUL character
(PostgreSQL cannot store it), within its length, present where it must be."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError


def checked_text(
    value: str | None, field: str, *, length: int, required: bool = False, missing: str = "Say why."
) -> str:
    """The trimmed text, or a ``ValidationError`` on ``field`` saying what is wrong."""
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError({field: "Remove the NUL characters."})
    if required and not value:
        raise ValidationError({field: missing})
    if len(value) > length:
        raise ValidationError({field: f"At most {length:,} characters."})
    return value


def folded(value: str) -> str:
    """Text to compare: lower case, without accents, spaces collapsed ("Lomé " is "lome")."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


MAX_ID = 2**31 - 1


def whole_number(value: str | None, *, maximum: int = MAX_ID) -> int | None:
    """A count or an id sent in a URL ("12"), or None for anything else: only the ASCII
    digits 0-9 (``"²".isdigit()`` is true, yet ``int("²")`` fails), and never past
    ``maximum`` (an integer column's largest value, unless told)."""
    value = value or ""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if number <= maximum else None


def platform_path(link: str | None) -> str | None:
    """A link to a page of the platform itself ("/ports/NGLOS/"), or None: it starts with one
    "/", and has no backslash, whitespace or control character, which browsers drop or turn
    into "/" (``"/\\t/evil.example"`` opens ``//evil.example``, another site)."""
    link = (link or "").strip()
    if not link.startswith("/") or link.startswith("//") or "\\" in link:
        return None
    if any(char.isspace() or unicodedata.category(char).startswith("C") for char in link):
        return None
    return link
