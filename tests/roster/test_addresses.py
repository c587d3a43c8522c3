"""Reading a file of e-mail addresses as spreadsheets and editors save them: one address a line,
or a column named "email" in a table separated by commas, semicolons or tabs; UTF-8 with or
without a byte-order mark, UTF-16, Windows-1252; every refused row named by its line."""

from __future__ import annotations

import pytest

from lms.core.errors import ValidationError
from lms.roster.services.addresses import read_addresses


def lines(found) -> list[tuple[int, str]]:
    return found.addresses


def test_one_address_a_line_blank_lines_skipped_and_case_ignored(app):
    found = read_addresses(b"ada@school.example\r\n\r\n  Bea@School.Example  \nada@SCHOOL.example\n")
    assert found.addresses == [(1, "ada@school.example"), (3, "bea@school.example")]
    assert found.repeated == 1 and found.refused == []


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_a_column_named_email_in_a_table(app, separator):
    table = separator.join(["Name", "E-mail", "Group"]) + "\n" + separator.join(["Ada", "ada@school.example", "A"]) + "\n"
    assert read_addresses(table.encode()).addresses == [(2, "ada@school.example")]


def test_the_byte_order_mark_of_excel_and_quoted_cells(app):
    data = '\ufeff"Name";"Email"\n"Lovelace; Ada";"ada@school.example"\n'.encode()
    assert read_addresses(data).addresses == [(2, "ada@school.example")]


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_utf16_and_windows_1252_files(app, encoding):
    data = "Nom;Email\nAndré;andre@école.example\nZoë;zoe@school.example\n".encode(encoding)
    found = read_addresses(data)
    assert [address for _, address in found.addresses] == ["andre@école.example", "zoe@school.example"]


def test_bad_rows_are_named_by_their_line_and_the_others_go_in(app):
    data = ("email\nada@school.example\nnot an address\n\n@school.example\nbea@school.example\n"
            + "x" * 250 + "@school.example\nzed@school.example\u200b\n").encode()
    found = read_addresses(data)
    assert [address for _, address in found.addresses] == ["ada@school.example", "bea@school.example"]
    assert [(problem.line, problem.message) for problem in found.refused] == [
        (3, "Line 3: “not an address” is not an e-mail address."),
        (5, "Line 5: “@school.example” is not an e-mail address."),
        (7, "Line 7: the address is longer than 254 characters."),
        (8, "Line 8: “zed@school.example ” is not an e-mail address."),  # an invisible character, shown as a space
    ]


def test_an_empty_cell_in_the_email_column(app):
    found = read_addresses(b"Name,Email\nAda,\nBea,bea@school.example\n")
    assert [problem.message for problem in found.refused] == ["Line 2: no e-mail address."]


@pytest.mark.parametrize("data, message", [
    (b"", "This file is empty."),
    (b"email\n", "This file has no e-mail addresses."),
    (b"\x00\x01\x02PK", "This file cannot be read as text."),
    (b"a@b.example\n" * 100_000, "This file is larger than 1 MB."),
    (b'email\n"ada@school.example\n' + b"x" * 200_000, "cannot be read as CSV"),
])
def test_files_that_cannot_be_used(app, data, message):
    with pytest.raises(ValidationError) as refused:
        read_addresses(data)
    assert message in str(refused.value) and refused.value.field == "file"
