"""`flask reports progress|quizzes|reviews|badges COURSE RUN`: the tutors' exports from the
command line, byte for byte the files the web page gives."""

from __future__ import annotations

import csv
import io

import pytest

from tests.cohort.test_exports import FORMULA_NAMES, cohort, revoke_basics_badge, tutor_client  # noqa: F401  (fixtures)
from tests.cohort.test_exports_reviews import reviewed  # noqa: F401  (fixture)
from tests.factories import log_in

BOM = "\ufeff"


def reports(runner, *args: str):
    return runner.invoke(args=["reports", *args])


@pytest.mark.parametrize("kind", ["progress", "quizzes", "reviews", "badges"])
@pytest.mark.parametrize("separator", ["comma", "semicolon"])
def test_the_command_writes_the_same_bytes_as_the_download(runner, cohort, tutor_client, kind, separator):  # noqa: F811
    revoke_basics_badge()
    result = reports(runner, kind, "practice", "open", "--separator", separator)
    assert result.exit_code == 0, result.output
    web = tutor_client.get(f"/tutor/courses/practice/runs/open/exports/{kind}.csv?separator={separator}").get_data()
    assert result.stdout_bytes == web and web.startswith(BOM.encode())


def test_the_peer_review_results_are_the_same_from_the_command_line(app, runner, reviewed):  # noqa: F811
    client = app.test_client()
    log_in(client, "tess@example.org")
    web = client.get("/tutor/courses/peer/runs/cohort/exports/reviews.csv?separator=comma").get_data()
    result = reports(runner, "reviews", "peer", "cohort", "--separator", "comma")
    assert result.exit_code == 0 and result.stdout_bytes == web
    assert "3.5" in web.decode("utf-8")


def test_output_goes_to_a_file_and_names_stay_intact_and_neutralised(runner, cohort, tmp_path):  # noqa: F811
    target = tmp_path / "progress.csv"
    result = reports(runner, "progress", "practice", "open", "--output", str(target), "--separator", "comma")
    assert result.exit_code == 0 and result.stdout_bytes == b""
    text = target.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))
    assert [row[0] for row in rows[1:]] == ["Ada Lovelace", "Zoë Ångström-Éluard 李雷", *("'" + name for name in FORMULA_NAMES)]


def test_in_french_the_columns_are_french_and_the_separator_a_semicolon(runner, cohort):  # noqa: F811
    result = reports(runner, "quizzes", "practice", "open", "--language", "fr")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8").removeprefix(BOM), newline=""), delimiter=";"))
    assert rows[0] == ["Nom", "E-mail", "Module", "Quiz", "Meilleur score (%)", "Tentatives", "Réussi",
                       "Dernière tentative (UTC)"]
    assert rows[1][4:7] == ["100", "2", "oui"]


def test_an_unknown_run_or_course_is_named_and_nothing_is_written(runner, cohort, tmp_path):  # noqa: F811
    for course, run in (("practice", "spring-2099"), ("knitting", "open")):
        result = reports(runner, "progress", course, run, "--output", str(tmp_path / "x.csv"))
        assert result.exit_code == 1 and "No such run of this course." in result.output
        assert not (tmp_path / "x.csv").exists()


def test_the_learner_filters_work_from_the_command_line_as_on_the_web(runner, cohort, tutor_client):  # noqa: F811
    result = reports(runner, "progress", "practice", "open", "--separator", "comma", "--status", "not_started")
    web = tutor_client.get("/tutor/courses/practice/runs/open/exports/progress.csv?separator=comma&status=not_started")
    assert result.exit_code == 0 and result.stdout_bytes == web.get_data()
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8").removeprefix(BOM), newline="")))
    assert [row[0] for row in rows[1:]] == ["'" + name for name in FORMULA_NAMES]
    found = reports(runner, "quizzes", "practice", "open", "--search", "zoë", "--separator", "comma")
    assert [row[0] for row in csv.reader(io.StringIO(found.stdout_bytes.decode("utf-8").removeprefix(BOM)))][1:] == \
        ["Zoë Ångström-Éluard 李雷"]
