"""Kinds of export that are one document rather than rows (the reports' PDFs): a register
that rooms above fill from ``AppConfig.ready``. It stands below the models, which list its
kinds among an export's formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kit.registry import KeyedRegister

if TYPE_CHECKING:
    from django.http import QueryDict

    from members.access import Viewer


@dataclass(frozen=True)
class Document:
    """An export that is one document rather than rows, such as a trend's PDF: ``write``
    takes the member's viewer, the query and a progress callback (step 1 to ``steps``), and
    returns the document, the number of incidents it counts and its highest TLP marking."""

    format: str
    label: str
    extension: str
    content_type: str
    stem: str
    steps: int
    write: Callable[[Viewer, QueryDict, Callable[[int], None]], tuple[bytes, int, str]]
    # What of it can be shared (to Chatter): its view's title, link and findings, and the
    # strictest marking of what they count, as ``viewer`` sees them now; None: nothing.
    shared: Callable[[Viewer, QueryDict], tuple[str, str, list[str], str] | None] = (
        lambda viewer, query: None
    )


DOCUMENTS: KeyedRegister[str, Document] = KeyedRegister("documents", key=lambda d: d.format)
