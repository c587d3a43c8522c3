"""lms.core.spreadsheet, the CSV every export is written with: read back with the csv module,
formula cells neutralised, every script intact, and rows taken one at a time."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from lms.core.spreadsheet import COMMA, SEMICOLON, attachment, cell, csv_chunks

BOM = "\ufeff"


def read_back(chunks, delimiter: str = ",") -> list[list[str]]:
    text = b"".join(chunks).decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(1)", "=1+1",
                                  "\t=1+1", "\r=1+1", "\n=1+1", "-", "=", "+33 1 23 45 67 89"])
def test_a_text_that_a_spreadsheet_would_take_for_a_formula_starts_with_an_apostrophe(text):
    assert cell(text) == "'" + text
    assert read_back(csv_chunks(["Name"], [[text]]))[1] == ["'" + text]


@pytest.mark.parametrize("text", ["Ada Lovelace", "Zoë Ångström", "李雷", "Ω", "O'Brien", "a=b", "1+1", "x@y.org", "",
                                  "'quoted already"])
def test_other_texts_are_kept_as_they_are(text):
    assert cell(text) == text


def test_numbers_stay_numbers_even_negative_ones_and_decimals_follow_the_layout():
    assert [cell(value) for value in (0, 7, -2, 7.0, 7.5, 1 / 3, Decimal("2.50"), None)] == \
        ["0", "7", "-2", "7", "7.5", "0.33", "2.5", ""]
    assert cell(7.5, SEMICOLON) == "7,5"


def test_times_are_written_in_utc_as_spreadsheets_read_them():
    brussels = timezone(timedelta(hours=2))
    assert cell(datetime(2017, 10, 3, 12, 0, 5, tzinfo=brussels)) == "2017-10-03 10:00:05"
    assert cell(datetime(2017, 10, 3, 10, 0)) == "2017-10-03 10:00:00"  # naive: UTC already
    assert cell(date(2017, 10, 3)) == "2017-10-03"


def test_a_yes_or_no_must_be_words_in_the_readers_language():
    with pytest.raises(TypeError):
        cell(True)


def test_the_file_is_utf8_with_a_bom_crlf_lines_and_every_field_quoted():
    body = b"".join(csv_chunks(["Name", "Score"], [["Zoë", 7], ['Say "hi", then; go\non', 7.5]]))
    assert body == ('\ufeff"Name","Score"\r\n"Zoë","7"\r\n"Say ""hi"", then; go\non","7.5"\r\n').encode("utf-8")
    assert read_back([body]) == [["Name", "Score"], ["Zoë", "7"], ['Say "hi", then; go\non', "7.5"]]


def test_semicolons_with_a_decimal_comma():
    assert read_back(csv_chunks(["Nom", "Points"], [["Zoë", 3.5]], SEMICOLON), ";") == [["Nom", "Points"], ["Zoë", "3,5"]]
    assert read_back(csv_chunks(["Name"], [["a;b"]], COMMA)) == [["Name"], ["a;b"]]


def test_rows_are_taken_one_at_a_time_and_written_in_bounded_chunks():
    taken = 0

    def rows():
        nonlocal taken
        for number in range(20_000):
            taken += 1
            yield [f"Learner {number}", f"learner{number}@example.org", number]

    chunks = csv_chunks(["Name", "E-mail", "Number"], rows(), chunk_characters=16 * 1024)
    first = next(chunks)
    assert taken < 1_000, "the first chunk left before the rows were all read"
    sizes = [len(first), *(len(chunk) for chunk in chunks)]
    assert taken == 20_000 and len(sizes) > 40 and max(sizes) < 17 * 1024


def test_an_empty_export_is_its_header():
    assert read_back(csv_chunks(["Name"], iter(()))) == [["Name"]]


def test_the_download_name_is_kept_even_when_it_is_not_ascii():
    assert attachment("practice-open-progress-2017-10-03.csv") == \
        'attachment; filename="practice-open-progress-2017-10-03.csv"'
    assert attachment("cours-été.csv") == "attachment; filename=\"cours-_t_.csv\"; filename*=UTF-8''cours-%C3%A9t%C3%A9.csv"
    assert attachment('a"b\\c.csv') == "attachment; filename=\"a_b_c.csv\"; filename*=UTF-8''a%22b%5Cc.csv"
