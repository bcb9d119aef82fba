"""Whether a PDF carries anything that runs or opens something, read in a process of its own.

``python -m kit.pdfcheck [FILE]`` reads the PDF (from FILE, else standard input) as a
viewer reads it (pypdf: names with their #xx escapes decoded, compressed object streams
opened), walks every object the trailer reaches and every object the cross-reference tables
list, and prints one word: ``ok``, ``actions``, ``encrypted``, ``objects`` (too many to
check) or ``damaged``. It limits its own memory and processor time first, so that a hostile
document can cost the platform no more than that: the web process waits for the verdict
with a timeout (``kit.uploads``). It imports nothing of Django.
"""

from __future__ import annotations

import io
import resource
import sys
import warnings

MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 20
MAX_OBJECTS = 200_000
# The names that make a document run a script, open another file or program, send data
# away, or carry a file of its own.
ACTION_NAMES = frozenset(
    {
        "/JavaScript", "/JS", "/Launch", "/XFA", "/RichMedia", "/EmbeddedFile",
        "/EmbeddedFiles", "/GoToE", "/GoToR", "/ImportData", "/SubmitForm",
    }
)  # fmt: skip


def verdict(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return "encrypted"
        pending: list = [reader.trailer]
        for generation, numbers in reader.xref.items():
            pending += [IndirectObject(number, generation, reader) for number in numbers]
        pending += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
        seen: set[tuple[int, int]] = set()
        while pending:
            if len(seen) > MAX_OBJECTS:
                return "objects"
            value = pending.pop()
            if isinstance(value, IndirectObject):
                if (value.idnum, value.generation) in seen:
                    continue
                seen.add((value.idnum, value.generation))
                value = value.get_object()
            if isinstance(value, NameObject) and value in ACTION_NAMES:
                return "actions"
            if isinstance(value, DictionaryObject):
                if ACTION_NAMES & set(value.keys()):
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
