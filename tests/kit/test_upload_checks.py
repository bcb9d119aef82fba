"""Upload checks read the parsed file, not only its bytes: PDF actions behind name escapes or
in compressed object streams, images that claim more pixels than their data could hold, and
markup in compressed PNG text chunks."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, PngImagePlugin

from kit.uploads import PDF_ACTIONS, inspect_upload
from tests.files import CATALOG, PAGES, jpeg_bytes, pdf_bytes, upload


def refused(data: bytes, name: str = "file") -> str:
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload(name, data))
    return " ".join(error.value.messages)


def object_stream_pdf(catalog: bytes) -> bytes:
    """A PDF 1.5 whose catalog and page tree sit compressed in an object stream, found
    through a cross-reference stream: their bytes never appear in the file."""
    inner = [catalog, b"<</Type/Pages/Kids[]/Count 0>>"]
    body, offsets = b"", []
    for part in inner:
        offsets.append(len(body))
        body += part + b" "
    header = b" ".join(b"%d %d" % (n, off) for n, off in zip((1, 2), offsets, strict=True))
    header += b" "
    packed = zlib.compress(header + body)
    out = bytearray(b"%PDF-1.5\n")
    stream_at = len(out)
    out += (
        b"3 0 obj\n<</Type/ObjStm/N 2/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream\nendobj\n"
    )
    xref_at = len(out)
    rows = [(0, 0, 0xFFFF), (2, 3, 0), (2, 3, 1), (1, stream_at, 0), (1, xref_at, 0)]
    table = b"".join(bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")
                     for kind, a, b in rows)  # fmt: skip
    out += (
        b"4 0 obj\n<</Type/XRef/Size 5/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return bytes(out)


def test_a_well_formed_pdf_with_object_streams_is_accepted():
    data = object_stream_pdf(b"<</Type/Catalog/Pages 2 0 R>>")
    assert inspect_upload(upload("doc.pdf", data)).kind == "document"


@pytest.mark.parametrize(
    "catalog",
    [
        b"<</Type/Catalog/Pages 2 0 R/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>>>",
        b"<</Type/Catalog/Pages 2 0 R/OpenAction<</S/#4Caunch/F(calc.exe)>>>>",
        b"<</Type/Catalog/Pages 2 0 R/Names<</#4A#61v#61Script 3 0 R>>>>",
    ],
)
def test_pdf_actions_behind_name_escapes_are_refused(catalog):
    objects = [catalog, PAGES, b"<</Names[(a) 4 0 R]>>", b"<</S/J#61vaScript/J#53(x)>>"]
    data = pdf_bytes(*objects)
    assert not PDF_ACTIONS.search(data.lower())  # the bytes alone show nothing
    assert "JavaScript" in refused(data, "doc.pdf")


@pytest.mark.parametrize(
    "action",
    [b"/S/SubmitForm/F(https://x.example/)", b"/S/GoToR/F(other.pdf)", b"/S/ImportData/F(d)"],
)
def test_pdf_actions_that_send_data_or_open_other_files_are_refused(action):
    data = pdf_bytes(b"<</Type/Catalog/Pages 2 0 R/OpenAction<<" + action + b">>>>", PAGES)
    assert "forms that send data away" in refused(data, "doc.pdf")


def test_a_pdf_carrying_a_file_of_its_own_is_refused():
    data = pdf_bytes(
        b"<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles 3 0 R>>>>", PAGES,
        b"<</Names[(invoice.exe) 4 0 R]>>", b"<</Type/Filespec/F(invoice.exe)>>",
    )  # fmt: skip
    assert "embedded files" in refused(data, "doc.pdf")


def test_an_object_only_the_cross_reference_table_lists_is_read_too():
    """An object no other object names may still be found by a viewer that repairs files."""
    data = pdf_bytes(CATALOG, PAGES, b"<</S/J#61vaScript/J#53(app.alert(1))>>")
    assert not PDF_ACTIONS.search(data.lower())
    assert "JavaScript" in refused(data, "doc.pdf")


def test_a_pdf_action_inside_a_compressed_object_stream_is_refused():
    data = object_stream_pdf(b"<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(x)>>>>")
    assert b"JavaScript" not in data
    assert "JavaScript" in refused(data, "doc.pdf")


def test_a_pdf_that_cannot_be_parsed_is_refused():
    data = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ngarbage\n%%EOF\n"
    assert "PDF" in refused(data, "doc.pdf")


def png(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **options)
    return out.getvalue()


def test_an_image_claiming_more_pixels_than_its_data_holds_is_refused(settings):
    data = png(Image.new("RGB", (7000, 7000)), compress_level=9)
    assert settings.ATTACHMENT_MAX_PIXELS > 7000 * 7000  # under the plain pixel limit
    assert len(data) < 200_000
    assert "decompression bomb" in refused(data, "bomb.png")


def test_a_plain_photo_of_a_few_megapixels_is_accepted():
    assert inspect_upload(upload("deck.jpg", jpeg_bytes((4000, 3000)))).kind == "photo"


def test_a_flat_screenshot_is_accepted():
    from PIL import ImageDraw

    image = Image.new("RGB", (1920, 1080), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 700, 400), outline="black", fill=(230, 230, 250))
    draw.text((120, 120), "AIS track, 8 March 2019 02:40-03:10 LT", fill="black")
    assert inspect_upload(upload("track.png", png(image))).kind == "photo"


def test_binary_metadata_is_not_read_as_text():
    """EXIF (with its thumbnail) and ICC profiles are binary: bytes that happen to spell a
    tag in them refuse nothing."""
    exif = Image.Exif()
    exif[0x010F] = "<a href> camera"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 60, 30)).save(
        out, "JPEG", exif=exif, icc_profile=b"<a " * 200 + b"<img "
    )
    assert inspect_upload(upload("deck.jpg", out.getvalue())).kind == "photo"


@pytest.mark.parametrize(
    "text",
    ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "javascript:alert(1)"],
)
@pytest.mark.parametrize("compressed", [False, True])
def test_markup_in_a_png_text_chunk_is_refused(text, compressed):
    info = PngImagePlugin.PngInfo()
    if compressed:
        info.add_text("Comment", text, zip=True)
    else:
        info.add_itxt("Description", text, zip=False)
    data = png(Image.new("RGB", (40, 40), (10, 20, 30)), pnginfo=info)
    if compressed:
        assert text.encode() not in data
    assert "web page code" in refused(data, "chart.png")


def test_plain_text_in_a_png_is_accepted():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Forecastle store, 8 March 2019 < 3 am", zip=True)
    data = png(Image.new("RGB", (40, 40), (10, 20, 30)), pnginfo=info)
    assert inspect_upload(upload("chart.png", data)).kind == "photo"


def test_a_pdf_that_opens_a_web_link_as_it_is_read_is_refused():
    catalog = b"<</Type/Catalog/Pages 2 0 R/OpenAction<</S/URI/URI(https://evil.example/)>>>>"
    assert "refused" in refused(pdf_bytes(catalog, PAGES), "doc.pdf")
    automatic = b"<</Type/Catalog/Pages 2 0 R/AA<</WC<</S/GoTo/D[0/Fit]>>>>>>"
    assert "refused" in refused(pdf_bytes(automatic, PAGES), "doc.pdf")


def test_a_pdf_that_opens_at_a_page_is_accepted():
    catalog = b"<</Type/Catalog/Pages 2 0 R/OpenAction[0/Fit]>>"
    assert inspect_upload(upload("doc.pdf", pdf_bytes(catalog, PAGES))).kind == "document"


def test_a_pdf_that_inflates_past_its_limit_is_refused():
    packed = zlib.compress(b"\x00" * (60 * 1024 * 1024), 9)  # 60 MB in some 60 kB
    stream = b"<</Filter/FlateDecode/Length %d>>\nstream\n" % len(packed) + packed
    data = pdf_bytes(
        b"<</Type/Catalog/Pages 2 0 R/Metadata 3 0 R>>", PAGES, stream + b"\nendstream"
    )
    assert len(data) < 200_000
    assert "unpacks to more than 50 MB" in refused(data, "doc.pdf")
