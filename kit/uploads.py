"""Deciding what an uploaded file really is, by its content, and refusing anything hostile.

Accepted: photos (JPEG, PNG, WebP), video (MP4, WebM) and documents (PDF). The name and the
browser's content type are ignored. A file is refused, with a message the uploader can act
on, when it is too large for its kind, when its content is not one of these, when an image
is truncated, claims more pixels than the limit or than its data could hold (a decompression
bomb), or carries markup in its bytes or its decoded text chunks, or trailing data (a
polyglot), and when a PDF carries JavaScript, launch actions, forms that send data away or
embedded files anywhere in its parsed objects (names decoded, object streams opened), or
cannot be parsed (``kit.pdfcheck``, in a process of its own).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

if TYPE_CHECKING:
    from django.core.files.base import File
    from django.core.files.uploadedfile import UploadedFile

PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
VIDEO_TYPES = {"video/mp4": ".mp4", "video/webm": ".webm"}
DOCUMENT_TYPES = {"application/pdf": ".pdf"}
ACCEPTED_TYPES = (*PHOTO_TYPES, *VIDEO_TYPES, *DOCUMENT_TYPES)
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
MARKUP = (b"<script", b"<html", b"<svg", b"<!doctype", b"<?php", b"<iframe", b"<body", b"<?xml")
PDF_ACTIONS = re.compile(rb"/(javascript|js|launch)(?![a-z0-9])")
# Markup in an image's decoded text (PNG text chunks, comments): any HTML element or script.
MARKUP_TEXT = re.compile(
    r"<\s*/?\s*(script|html|body|head|svg|iframe|frame|img|object|embed|meta|link|style|"
    r"form|input|a|base|math|\?php|!doctype)\b|javascript:",
    re.IGNORECASE,
)
# A large image whose decoded pixels would take more than this many times its file's bytes
# is a decompression bomb: photos and screenshots decode to tens, at most a few hundred,
# times their size; only a nearly uniform image reaches deflate's limit of about a thousand.
MAX_DECODED_PER_BYTE = 500
LARGE_IMAGE_PIXELS = 10_000_000
CHUNK = 1024 * 1024
OVERLAP = 16

ACCEPTED = "Attach a photo (JPEG, PNG, WebP), a video (MP4, WebM) or a PDF document."


@dataclass(frozen=True)
class Inspected:
    kind: str  # photo, video, document
    content_type: str
    extension: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None


def limits() -> dict[str, int]:
    return {
        "photo": settings.ATTACHMENT_MAX_PHOTO_BYTES,
        "video": settings.ATTACHMENT_MAX_VIDEO_BYTES,
        "document": settings.ATTACHMENT_MAX_DOCUMENT_BYTES,
    }


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def _kind_of(head: bytes) -> tuple[str, str, str]:
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    for kind, types in (
        ("photo", PHOTO_TYPES),
        ("video", VIDEO_TYPES),
        ("document", DOCUMENT_TYPES),
    ):
        if mime in types:
            return kind, mime, types[mime]
    raise ValidationError(f"This file is not one we accept. {ACCEPTED}")


def _scan(upload: UploadedFile, *, markup: bool, pdf: bool) -> tuple[str, int]:
    """SHA-256 and size, reading in chunks; refuses markup in images and actions in PDFs."""
    digest, size, tail = hashlib.sha256(), 0, b""
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        window = (tail + chunk).lower()
        if markup and any(marker in window for marker in MARKUP):
            raise ValidationError(
                "This image contains web page code (HTML or script), so it is refused."
            )
        if pdf and PDF_ACTIONS.search(window):
            raise ValidationError("PDF documents with JavaScript or launch actions are refused.")
        tail = chunk[-OVERLAP:]
    upload.seek(0)
    return digest.hexdigest(), size


def _read_all(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data: bytes = upload.read()
    upload.seek(0)
    return data


def _check_image(data: bytes, mime: str) -> tuple[int, int]:
    broken = f"This image is damaged or incomplete and cannot be opened. {ACCEPTED}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if image.format != PILLOW_FORMATS[mime]:
                    raise ValidationError(broken)
                if width * height > settings.ATTACHMENT_MAX_PIXELS:
                    raise ValidationError(
                        f"This image is {width} x {height} pixels, more than the "
                        f"{settings.ATTACHMENT_MAX_PIXELS // 1_000_000} million allowed."
                    )
                _check_pixels_fit_the_data(image, len(data))
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                _check_text_of(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("This image claims too many pixels to open safely.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(broken) from None
    _check_no_trailing_data(data, mime)
    return width, height


def _check_pixels_fit_the_data(image: Image.Image, size: int) -> None:
    width, height = image.size
    bytes_per_pixel = 1 / 8 if image.mode == "1" else len(image.getbands())
    decoded = width * height * bytes_per_pixel
    if width * height > LARGE_IMAGE_PIXELS and decoded > MAX_DECODED_PER_BYTE * size:
        raise ValidationError(
            f"This image claims {width} x {height} pixels in only {size // 1024} KB, which no "
            "photo does: it is refused as a decompression bomb."
        )


def _check_text_of(image: Image.Image) -> None:
    """Markup hidden in the text an image carries, compressed or not: PNG text chunks
    (tEXt, zTXt, iTXt) and comments. Binary metadata (EXIF, ICC profiles) is not text and
    is stripped from every copy shown."""
    texts = [*getattr(image, "text", {}).values(), image.info.get("comment", "")]
    for text in texts:
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        if MARKUP_TEXT.search(text):
            raise ValidationError(
                "This image carries web page code (HTML or script) in its text, so it is refused."
            )


def _check_no_trailing_data(data: bytes, mime: str) -> None:
    """A polyglot hides a second file after the image's end; a real photo ends where it ends."""
    if mime == "image/jpeg":
        end = data.rfind(b"\xff\xd9")
        trailing = len(data) - (end + 2) if end >= 0 else len(data)
    elif mime == "image/png":
        end = data.rfind(b"IEND")
        trailing = len(data) - (end + 8) if end >= 0 else len(data)
    else:  # WebP: the RIFF header states the file's length.
        trailing = len(data) - (int.from_bytes(data[4:8], "little") + 8)
    if trailing > 16:
        raise ValidationError("This image has other data hidden after its end, so it is refused.")


def _check_video(head: bytes, mime: str) -> None:
    if mime == "video/mp4" and (head[4:8] != b"ftyp" or head[8:12] not in MP4_BRANDS):
        raise ValidationError(f"This MP4 file has an unknown format. {ACCEPTED}")
    if mime == "video/webm" and b"webm" not in head[:64]:
        raise ValidationError(f"This video is not a WebM file. {ACCEPTED}")


def _check_pdf(data_head: bytes, data_tail: bytes) -> None:
    if not data_head.startswith(b"%PDF-") or b"%%EOF" not in data_tail:
        raise ValidationError("This PDF is damaged or incomplete.")


PDF_VERDICTS = {
    "actions": "PDF documents with JavaScript, launch actions, forms that send data away or "
    "embedded files are refused.",
    "encrypted": "Password-protected PDFs cannot be checked, so they are refused.",
    "objects": "This PDF has too many objects to check, so it is refused.",
    "inflated": "This PDF unpacks to more than 50 MB, so it is refused.",
    "damaged": "This PDF is damaged and cannot be checked, so it is refused.",
}
PDF_CHECK_SECONDS = 30


def _check_pdf_objects(upload: UploadedFile) -> None:
    """The parsed document, read by ``kit.pdfcheck`` in a process of its own with its
    memory and time bounded: a hostile PDF costs that process, never the web's."""
    command = [sys.executable, "-m", "kit.pdfcheck"]
    on_disk = getattr(upload, "temporary_file_path", None)
    upload.seek(0)
    try:
        checked = subprocess.run(  # noqa: S603 (our own module, a file path or stdin)
            [*command, on_disk()] if on_disk else command,
            input=None if on_disk else upload.read(),
            capture_output=True,
            timeout=PDF_CHECK_SECONDS,
            cwd=settings.BASE_DIR,
            env={"PATH": os.environ.get("PATH", "")},
            check=False,
        )
        answer = checked.stdout.decode().strip() if checked.returncode == 0 else "damaged"
    except subprocess.TimeoutExpired:
        answer = "damaged"
    finally:
        upload.seek(0)
    if answer != "ok":
        raise ValidationError(PDF_VERDICTS.get(answer, PDF_VERDICTS["damaged"]))


def inspect_upload(upload: UploadedFile) -> Inspected:
    """What the uploaded file is, or ValidationError with a message for the uploader."""
    largest = max(limits().values())
    if upload.size is not None and upload.size > largest:
        raise ValidationError(f"This file is larger than the {_mb(largest)} allowed.")
    if not upload.size:
        raise ValidationError("This file is empty.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind, mime, extension = _kind_of(head)
    if upload.size > limits()[kind]:
        raise ValidationError(
            f"This {kind} is {_mb(upload.size)}; the largest allowed is {_mb(limits()[kind])}."
        )
    sha256, size = _scan(upload, markup=kind == "photo", pdf=kind == "document")
    width = height = None
    if kind == "photo":
        width, height = _check_image(_read_all(upload), mime)
    elif kind == "video":
        _check_video(head, mime)
    else:
        upload.seek(max(0, size - 2048))
        tail = upload.read()
        upload.seek(0)
        _check_pdf(head, tail)
        _check_pdf_objects(upload)
    return Inspected(kind, mime, extension, size, sha256, width, height)


def jpeg_copies(stored: File[bytes], sizes: tuple[tuple[int, int], ...]) -> list[bytes]:
    """Copies of a checked photo as JPEG, each fitted within its size, re-encoded so that
    no metadata (EXIF, GPS, text chunks) is carried over; turned upright as its EXIF says.
    Raises OSError, ValueError or DecompressionBombError when it cannot be decoded."""

    Image.MAX_IMAGE_PIXELS = settings.ATTACHMENT_MAX_PIXELS
    stored.seek(0)
    with Image.open(stored) as opened:
        image = ImageOps.exif_transpose(opened)
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        else:
            image = image.convert("RGB")
        copies = []
        for size in sizes:
            copy = image.copy()
            copy.thumbnail(size, Image.Resampling.LANCZOS)
            out = io.BytesIO()
            copy.save(out, "JPEG", quality=85, optimize=True)  # no exif=: nothing carried
            copies.append(out.getvalue())
    return copies
