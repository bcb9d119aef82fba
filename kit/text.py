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


LOOKALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})


def name_problem(name: str) -> str | None:
    """Why a name that others read as a label (a group's) could deceive them, or None:
    invisible or direction-changing characters (U+202E makes "evil" read "live"), or letters
    of alphabets that look alike mixed in one name ("Port Crime" with a Cyrillic Es, U+0421,
    for its C)."""
    if any(unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs") for char in name):
        return "Remove the invisible or direction-changing characters."
    scripts = {
        unicodedata.name(char, "?").split()[0] for char in name if char.isalpha()
    } & LOOKALIKE_SCRIPTS
    if len(scripts) > 1:
        return "Write it in one alphabet: letters of others that look alike are not allowed."
    return None


def name_key(name: str) -> str:
    """What two names that read alike share: compatibility forms folded, case, accents,
    spaces and punctuation aside ("Port-Crime", "port crime" and a fullwidth "Port Crime" are
    one)."""
    return "".join(char for char in folded(unicodedata.normalize("NFKC", name)) if char.isalnum())
