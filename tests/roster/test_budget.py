"""The enrolments pages cost the same whatever the run: the same SQL statements, none binding a
parameter per learner, a page of 50 people and 50 invitations at most, for 3 learners as for 120;
and a tutor of another course reaches none of it."""

from __future__ import annotations


from sqlalchemy import func, select

from lms.core.extensions import db
from lms.learning.models import Enrolment
from lms.roster.models import Invitation
from tests.conftest import NOW, recording_sql
from tests.factories import make_course_tutor, make_enrolment, make_tutor_client, make_user
from tests.roster.helpers import enrolments_url, learner_url, upload

ROSTER_BUDGET = 8  # the log-in, the run, its tutor, the summary, the people's count and page, the invitations' count and page
LEARNER_BUDGET = 6  # the log-in, the run and its tutor, the learner with their progress, the course's modules, its runs


recorded = recording_sql


def grow(start: int, stop: int) -> None:
    """Learners ``start``..``stop - 1`` of the practice run, every fifth unenrolled, every seventh invited instead."""
    for number in range(start, stop):
        if number % 7 == 6:
            continue
        user = make_user(email=f"l{number:04d}@school.example", name=f"Learner {number:04d}", now=NOW)
        enrolment = make_enrolment(user, "practice", now=NOW)
        if number % 5 == 4:
            db.session.get(Enrolment, enrolment.id).unenrolled_at = NOW
    db.session.commit()


def invite(client, start: int, stop: int) -> None:
    upload(client, "".join(f"l{number:04d}@elsewhere.example\n" for number in range(start, stop) if number % 7 == 6),
           course="practice", run="open")


def visit(client, url: str) -> tuple[list[tuple[str, int]], str]:
    with recorded() as seen:
        response = client.get(url)
    assert response.status_code == 200
    return seen, response.get_data(as_text=True)


def test_the_enrolments_page_costs_the_same_for_3_learners_as_for_120(app, practice):
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    url = enrolments_url("practice", "open")
    grow(0, 3)
    small, _ = visit(tutor, url)
    grow(3, 120)
    invite(tutor, 0, 400)
    large, html = visit(tutor, url)

    assert len(small) <= ROSTER_BUDGET, "\n".join(statement for statement, _ in small)
    assert [statement for statement, _ in large] == [statement for statement, _ in small]
    assert max(count for _, count in large) == max(count for _, count in small)  # no parameter per learner
    people = html[html.index('id="people-heading"'):html.index('id="invitations-heading"')]
    assert people.count('<th scope="row">') == 50 and "People 1–50 of 103" in people
    assert "Invitations 1–50 of 57" in html
    assert "82 learners enrolled" in html and "21 unenrolled" in html


def test_a_learners_page_costs_the_same_for_3_learners_as_for_120(app, practice):
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    grow(0, 3)
    first = db.session.scalar(select(Enrolment.user_id).order_by(Enrolment.id))
    small, _ = visit(tutor, learner_url(first, "practice", "open"))
    grow(3, 120)
    large, html = visit(tutor, learner_url(first, "practice", "open"))
    assert len(small) <= LEARNER_BUDGET, "\n".join(statement for statement, _ in small)
    assert [statement for statement, _ in large] == [statement for statement, _ in small]
    assert "Learner 0000" in html


def test_searching_finds_people_by_name_or_address_and_keeps_the_place(app, practice):
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    grow(0, 120)
    html = tutor.get(enrolments_url("practice", "open") + "?q=learner+01").get_data(as_text=True)
    people = html[html.index('id="people-heading"'):html.index('id="invitations-heading"')]
    assert people.count('<th scope="row">') == 17  # Learner 0100..0119 but the invited ones (0104, 0111, 0118)
    assert "Learner 0100" in people and "Learner 0099" not in people
    assert tutor.get(enrolments_url("practice", "open") + "?q=%25").status_code == 200  # a wildcard is a character
    assert "Nobody in this run matches" in tutor.get(enrolments_url("practice", "open") + "?q=%25").get_data(as_text=True)


def test_a_tutor_of_another_course_uploads_nothing_and_sees_nothing(app, practice, courses, smtp):
    other = app.test_client()
    make_course_tutor("stem-careers", now=NOW, client=other)
    make_user(email="bea@school.example", now=NOW)
    make_enrolment(make_user(email="ada@school.example", now=NOW), "practice", now=NOW)
    ada = db.session.scalar(select(Enrolment.user_id))

    # The enrolments page of the practice run does not exist for them: they cannot even get its form token.
    assert other.get(enrolments_url("practice", "open")).status_code == 404
    token_page = other.get(enrolments_url()).get_data(as_text=True)  # their own course's page, for a valid token
    from tests.conftest import csrf_from

    token = csrf_from(token_page)
    for path, data in [("/upload", {}), (f"/{ada}/unenrol", {}), (f"/{ada}/deadline", {"day": "2017-12-15"}),
                       (f"/{ada}/move", {"run": "open"}), (f"/{ada}/reenrol", {})]:
        assert other.post(enrolments_url("practice", "open") + path, data={**data, "csrf_token": token}).status_code == 404, path
    assert other.get(learner_url(ada, "practice", "open")).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert db.session.scalar(select(Enrolment.unenrolled_at)) is None


def test_a_stale_or_foreign_cursor_shows_the_first_page(app, practice, peer_course):
    """A link kept from another run's list, or to someone since gone, starts the list again at
    the top instead of an empty page that still claims its people."""
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    grow(0, 60)
    invite(tutor, 0, 400)
    elsewhere = make_enrolment(make_user(email="zed@school.example", name="Zed Elsewhere", now=NOW), "peer", now=NOW)

    for args in (f"?p_after={elsewhere.id}&i_after=999999", "?p_before=999999&i_before=999999&q=learner"):
        html = tutor.get(enrolments_url("practice", "open") + args).get_data(as_text=True)
        people = html[html.index('id="people-heading"'):html.index('id="invitations-heading"')]
        assert people.count('<th scope="row">') == 50 and "People 1–50 of 52" in people
        assert "Learner 0000" in people and "Zed Elsewhere" not in people
        assert "Invitations 1–50 of 57" in html and "l0006@elsewhere.example" in html
