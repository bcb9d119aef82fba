"""Whether a PDF carries anything that runs or opens something, read in a process of its own.

``python -m kit.pdfcheck [FILE]`` reads the PDF (from FILE, else standard input) as a
viewer reads it (pypdf: names with their #xx escapes decoded, compressed object streams
opened), walks every object the trailer reaches and every object the cross-reference tables
list, and prints one word: ``ok``; ``actions`` (scripts, launches, forms that send data,
embedded files, automatic ``/AA`` actions, an open action that is not a place to show);
``encrypted``; ``objects`` (too many to check); ``inflated`` (its streams unpack to more
than 50 MB); or ``damaged``. It limits its own memory and processor time first, so that a
hostile document can cost the platform no more than that: the web process waits for the
verdict with a timeout (``kit.uploads``). It imports nothing of Django.
"""

from __future__ import annotations

import io
import resource
import sys
import warnings
from typing import TYPE_CHECKING, Any

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

if TYPE_CHECKING:
    from pypdf.generic import DictionaryObject, PdfObject

MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 20
MAX_OBJECTS = 200_000
MAX_INFLATED = 50 * 1024 * 1024  # what the streams may unpack to, in all
# The names that make a document run a script, open another file or program, send data
# away, or carry a file of its own.
ACTION_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/XFA",
        "/RichMedia",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/GoToE",
        "/GoToR",
        "/ImportData",
        "/SubmitForm",
    }
)


def _acts_by_itself(value: DictionaryObject) -> bool:
    """Whether a dictionary makes the viewer act with no click: additional actions (``/AA``:
    on opening a page, closing, printing) or an open action that is an action (a web link
    the document opens as it is read) rather than a place to show first."""
    if "/AA" in value:
        return True
    opening: Any = value.get("/OpenAction")
    if opening is not None and hasattr(opening, "get_object"):
        opening = opening.get_object()
    return hasattr(opening, "keys") and opening.get("/S") not in (None, "/GoTo")


def verdict(data: bytes) -> str:

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return "encrypted"
        pending: list[PdfObject] = [reader.trailer]
        for generation, numbers in reader.xref.items():
            pending += [IndirectObject(number, generation, reader) for number in numbers]
        pending += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
        seen: set[tuple[int, int]] = set()
        inflated = 0
        while pending:
            if len(seen) > MAX_OBJECTS:
                return "objects"
            value: PdfObject | None = pending.pop()
            if isinstance(value, IndirectObject):
                if (value.idnum, value.generation) in seen:
                    continue
                seen.add((value.idnum, value.generation))
                value = value.get_object()
            if isinstance(value, NameObject) and value in ACTION_NAMES:
                return "actions"
            if isinstance(value, StreamObject):  # a bomb: a little that unpacks to much
                inflated += len(value.get_data())
                if inflated > MAX_INFLATED:
                    return "inflated"
            if isinstance(value, DictionaryObject):
                if ACTION_NAMES & set(value.keys()) or _acts_by_itself(value):
                    return "actions"
                pending.extend(value.values())
            elif isinstance(value, ArrayObject):
                pending.extend(value)
    return "ok"


def main(argv: list[str]) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    if argv:
        with open(argv[0], "rb") as source:
            data = source.read()
    else:
        data = sys.stdin.buffer.read()
    try:
        answer = verdict(data)
    except Exception:  # any failure to read it: the document cannot be checked
        answer = "damaged"
    print(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
