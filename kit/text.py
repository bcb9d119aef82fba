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
