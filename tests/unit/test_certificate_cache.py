"""The certificate PDF is drawn once per wording and kept; a new wording (the holder renamed
themselves, moved zone) replaces the old file instead of piling up beside it."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader

from lms.awards.certificates import CertificateText, cached_pdf

TEXT = CertificateText(uid="c0ffee", name="Ada Lovelace", course="Opening Schools to STEM Careers",
                       dates="Studied from 20 November 2017 to 1 December 2017", hours=1, modules=("Introduction",),
                       issuer="STEM Academy", issued="1 December 2017", verify_url="https://lms.example/certificates/c0ffee")


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_renamed_holder_gets_a_new_pdf_and_the_old_one_is_removed(app, tmp_path):  # app: its words are in a language
    tmp_path = tmp_path / "certificates"
    first = cached_pdf(tmp_path, TEXT)
    assert cached_pdf(tmp_path, TEXT) == first  # kept: the same wording is not drawn again
    (tmp_path / "c0ffee.pdf").write_bytes(first)  # a file named the way earlier versions named it

    renamed = cached_pdf(tmp_path, replace(TEXT, name="Ada King"))

    assert "Ada King" in pdf_text(renamed) and "about 1 hour of study" in pdf_text(renamed)
    assert [path.name for path in tmp_path.iterdir()] == [next(tmp_path.glob("c0ffee-*.pdf")).name]
