"""Attachments are judged by their bytes, whatever their name says."""

from __future__ import annotations

import io
import random
import tracemalloc
import zipfile

import pytest

from lms.core.errors import ValidationError
from lms.peer_review.uploads import Upload, sniff, store
from tests.unit.zip_bombs import MIB, RawEntry, deflated_zeros, stored, zip_of


def archive(entries: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as made:
        for name, text in entries:
            # OpenDocument stores its "mimetype" entry first and uncompressed, as its specification says.
            made.writestr(name, text, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


OFFICE = {
    ".docx": archive([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]),
    ".xlsx": archive([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")]),
    ".pptx": archive([("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")]),
    ".odt": archive([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office/>")]),
}


# What office programs really write: a thumbnail or several parts before the document, a long
# content-types part, and (some tools) the OpenDocument "mimetype" entry not first.
OFFICE_AS_WRITTEN = {
    ".docx": archive([("[Content_Types].xml", "<Types>" + "<Override/>" * 600 + "</Types>"),
                      ("docProps/thumbnail.jpeg", "x" * 20_000), *[(f"customXml/item{i}.xml", "<i/>") for i in range(5)],
                      ("word/document.xml", "<w:document/>")]),
    ".odt": archive([("content.xml", "<office/>"), ("mimetype", "application/vnd.oasis.opendocument.text")]),
}


@pytest.mark.parametrize("extension", sorted(OFFICE_AS_WRITTEN))
def test_office_documents_are_recognised_however_their_parts_are_ordered(extension):
    assert sniff(OFFICE_AS_WRITTEN[extension])[1] == extension


@pytest.mark.parametrize("extension", sorted(OFFICE))
def test_office_documents_are_recognised_by_their_content(extension):
    mimetype, found = sniff(OFFICE[extension])
    assert found == extension
    assert mimetype.startswith("application/vnd.")


def test_pdf_and_images_are_recognised_and_named_by_what_they_are(tmp_path):
    key, name, mimetype, size = store(Upload("My plan.docx", b"%PDF-1.4\n% a real header\n"), tmp_path, max_bytes=1024)
    assert (name, mimetype) == ("My plan.pdf", "application/pdf")
    assert (tmp_path / key).read_bytes().startswith(b"%PDF-1.4")
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32) == ("image/png", ".png")


@pytest.mark.parametrize("data", [
    b"MZ\x90\x00 an executable called plan.pdf",
    archive([("notes.txt", "just a zip")]),  # a zip, but no office document
    OFFICE[".docx"][:120],  # an office header whose archive is cut short
    b"",
], ids=["executable", "plain-zip", "truncated-docx", "empty"])
def test_anything_else_is_refused_with_the_kinds_that_are_welcome(data):
    with pytest.raises(ValidationError, match="Attach a PDF, an image"):
        sniff(data)


# Zip bombs: a megabyte upload whose "mimetype" or document part inflates to a gibibyte.
@pytest.fixture(scope="module")
def gibibyte_of_zeros():
    return deflated_zeros(1024)


def peak_memory_of(work) -> int:
    tracemalloc.start()
    try:
        work()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_an_open_document_whose_mimetype_secretly_inflates_to_a_gibibyte_is_refused_cheaply(gibibyte_of_zeros):
    packed, crc = gibibyte_of_zeros
    # The directory claims the usual 39-byte line; the entry really inflates to 1 GiB of zeros.
    bomb = zip_of([RawEntry("mimetype", packed, 39, crc), stored("content.xml", "<office/>")])
    assert len(bomb) < 2 * MIB

    def sniff_the_bomb():
        with pytest.raises(ValidationError, match="Attach a PDF, an image"):
            sniff(bomb)
    assert peak_memory_of(sniff_the_bomb) < MIB // 4  # it took 2.1 GB before the read was bounded


@pytest.mark.parametrize("document", ["mimetype", "word/document.xml"])
def test_archives_that_declare_a_gibibyte_are_refused_with_a_reason(gibibyte_of_zeros, document, tmp_path):
    packed, crc = gibibyte_of_zeros
    first = stored("[Content_Types].xml", "<Types/>") if document.startswith("word/") else stored("content.xml", "<office/>")
    bomb = zip_of([first, RawEntry(document, packed, 1024 * MIB, crc)])
    with pytest.raises(ValidationError, match="would unpack to far more than its size"):
        store(Upload("essay.docx", bomb), tmp_path, max_bytes=10 * MIB)
    assert not list(tmp_path.iterdir())  # nothing kept for a reviewer to open


def test_a_part_compressed_a_thousand_to_one_is_refused_even_when_small_in_total():
    packed, crc = deflated_zeros(50)  # 50 MiB in 50 KB: under the total bound, far over the ratio
    spreadsheet = zip_of([stored("[Content_Types].xml", "<Types/>"), RawEntry("xl/workbook.xml", packed, 50 * MIB, crc)])
    with pytest.raises(ValidationError, match="over 100 times its packed size"):
        sniff(spreadsheet)


def test_a_real_sized_document_with_pictures_and_long_text_is_accepted():
    text = "".join(f"<w:p><w:r><w:t>Paragraph {i} of my essay, in my own words.</w:t></w:r></w:p>" for i in range(40_000))
    picture = random.Random(1).randbytes(3 * MIB)  # photographs barely compress
    entries = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", text)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as made:
        for name, content in entries:
            made.writestr(name, content)
        made.writestr("word/media/image1.jpeg", picture)
    assert sniff(buffer.getvalue())[1] == ".docx"


@pytest.mark.parametrize("make", [
    lambda: zip_of([RawEntry("mimetype", b"\xff" * 60, 39)]),  # not a deflate stream
    lambda: zip_of([RawEntry("mimetype", b"x" * 39, 39, method=12)]),  # bzip2, which zipfile inflates unbounded
    lambda: zip_of([stored(f"part{i}.xml", "") for i in range(10_001)]),
], ids=["corrupt-stream", "bzip2", "too-many-parts"])
def test_odd_archives_are_refused_not_crashed_on(make):
    with pytest.raises(ValidationError):
        sniff(make())
