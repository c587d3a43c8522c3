"""Attachments are judged by their bytes, whatever their name says."""

from __future__ import annotations

import io
import zipfile

import pytest

from lms.core.errors import ValidationError
from lms.peer_review.uploads import Upload, sniff, store


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
