"""Attachments: type by content, hostile files refused, photos processed in the background."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from incidents.services import attachment_process, update_add
from kit.uploads import inspect_upload
from tests.files import MP4, PAGES, PDF, jpeg_bytes, pdf_bytes, png_bytes, upload

from .conftest import report

pytestmark = pytest.mark.django_db


def _png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims a huge size: a decompression bomb."""
    data = bytearray(png_bytes((1, 1)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("photo.bin", jpeg_bytes(), "photo", "image/jpeg"),
        ("photo.jpg", png_bytes(), "photo", "image/png"),
        ("report.pdf", PDF, "document", "application/pdf"),
        ("clip.mp4", MP4, "video", "video/mp4"),
    ],
)
def test_the_type_is_decided_by_content_not_name(name, data, kind, content_type):
    inspected = inspect_upload(upload(name, data, "application/octet-stream"))
    assert (inspected.kind, inspected.content_type) == (kind, content_type)


def test_webp_is_a_photo():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "WEBP")
    assert inspect_upload(upload("x.webp", out.getvalue())).content_type == "image/webp"


HOSTILE = [
    ("truncated.jpg", jpeg_bytes((400, 300))[:600], "damaged"),
    ("bomb.png", _png_claiming(100_000, 100_000), "pixels"),
    ("page.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not one we accept"),
    (
        "logo.jpg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        "not one we accept",
    ),
    ("polyglot.jpg", jpeg_bytes() + b"<script>alert(1)</script>", "web page code"),
    ("zipped.jpg", jpeg_bytes() + b"PK\x03\x04" + b"\x00" * 200, "hidden after its end"),
    (
        "script.pdf",
        pdf_bytes(b"<</Type/Catalog/Pages 2 0 R/OpenAction<</JS(x)>>>>", PAGES),
        "JavaScript",
    ),
    ("fake.mp4", b"\x00\x00\x00\x18ftypevil0" + b"\x00" * 64, "not one we accept"),
    ("empty.jpg", b"", "empty"),
]


@pytest.mark.parametrize(("name", "data", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_uploads_are_refused_with_a_clear_message(name, data, message):
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload(name, data))
    assert message in " ".join(error.value.messages)


def test_oversized_files_are_refused_by_kind(settings):
    settings.ATTACHMENT_MAX_PHOTO_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload("big.jpg", jpeg_bytes((300, 300), colour=(1, 2, 3)) + b""))
    assert "largest allowed" in " ".join(error.value.messages)
    assert inspect_upload(upload("doc.pdf", PDF)).kind == "document"


def test_processing_makes_a_display_copy_and_thumbnail_without_exif(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    incident = report(cast)
    data = jpeg_bytes((2400, 1200))
    update = update_add(
        incident=incident, author=cast.member_a, text="x", files=[upload("a.jpg", data)]
    )
    attachment = update.attachments.unrestricted().get()
    assert attachment_process(attachment_id=attachment.pk) == "ready"
    attachment.refresh_from_db()
    with attachment.display.open("rb") as handle, Image.open(handle) as display:
        assert display.size == (1600, 800)
        assert not display.getexif()
    with attachment.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
        assert max(thumb.size) == 320
    with attachment.original.open("rb") as handle:
        assert handle.read() == data  # the evidence is kept unchanged
    assert attachment_process(attachment_id=attachment.pk) == "ready"  # runs again safely


def test_a_photo_that_cannot_be_processed_is_marked_failed_and_can_be_run_again(cast):
    incident = report(cast)
    update = update_add(
        incident=incident, author=cast.member_a, text="x", files=[upload("a.jpg", jpeg_bytes())]
    )
    attachment = update.attachments.unrestricted().get()
    original = attachment.original.read()
    with open(attachment.original.path, "wb") as handle:
        handle.write(original[:300])
    assert attachment_process(attachment_id=attachment.pk) == "failed"
    with open(attachment.original.path, "wb") as handle:
        handle.write(original)
    assert attachment_process(attachment_id=attachment.pk) == "ready"


@pytest.mark.django_db(transaction=True)
def test_the_worker_processes_uploaded_photos(cast, celery_worker):
    import time

    incident = report(cast)
    update = update_add(
        incident=incident, author=cast.member_a, text="x", files=[upload("a.jpg", jpeg_bytes())]
    )
    attachment = update.attachments.unrestricted().get()
    for _ in range(100):
        attachment.refresh_from_db()
        if attachment.processing != "pending":
            break
        time.sleep(0.1)
    assert attachment.processing == "ready" and attachment.thumbnail


def test_staff_process_a_failed_photo_again_from_the_admin(client, cast):
    incident = report(cast)
    update = update_add(
        incident=incident, author=cast.member_a, text="x", files=[upload("a.jpg", jpeg_bytes())]
    )
    attachment = update.attachments.unrestricted().get()
    Attachment = type(attachment)
    Attachment.objects.unrestricted().filter(pk=attachment.pk).update(
        processing="failed", processing_error="disk full"
    )
    client.force_login(cast.staff)
    page = client.get("/admin/incidents/attachment/?processing__exact=failed")
    assert page.status_code == 200 and "a.jpg" in page.content.decode()
    response = client.post(
        "/admin/incidents/attachment/",
        {"action": "process_again", "_selected_action": [attachment.pk]},
    )
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert (attachment.processing, attachment.processing_error) == ("pending", "")
    assert attachment_process(attachment_id=attachment.pk) == "ready"
