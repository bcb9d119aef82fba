"""Scripts written into the page itself rather than fetched: over a satellite link a request
is a round trip of most of a second. The Content Security Policy allows each by the hash of
its text (``csp_hashes``, read by the settings), so no other inline script may run."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
INLINE_SCRIPTS = ("incidents/map_early.js", "csoa/menu.js")


@cache
def script_text(name: str) -> str:
    """The script, minified, exactly as the page carries it."""
    import rjsmin

    if name not in INLINE_SCRIPTS:
        raise LookupError(f"{name} is not one of the inline scripts.")
    text: str = rjsmin.jsmin((STATIC / name).read_text(encoding="utf-8"))
    return text


def csp_hashes() -> list[str]:
    return [
        "'sha256-"
        + base64.b64encode(hashlib.sha256(script_text(name).encode("utf-8")).digest()).decode()
        + "'"
        for name in INLINE_SCRIPTS
    ]
