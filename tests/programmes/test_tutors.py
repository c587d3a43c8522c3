"""The tutors' view: each learner's progress across the programme's courses, 50 a page, counted in
SQL (as many statements for 3 learners as for 60); workshops confirmed by a programme tutor;
anyone else gets 404."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.programmes import services
from lms.programmes.models import ProgrammeEnrolment
from tests.conftest import NOW, submit
from tests.factories import make_user
from tests.programmes.conftest import SLUG, client_for, complete, enrolled, learner, tutor

LEARNERS = f"/programmes/{SLUG}/learners"


def many_learners(number: int, programme) -> None:
    users = [make_user(name=f"Learner {index:03d}", email=f"many{index}-{number}@example.org", now=NOW)
             for index in range(number)]
    db.session.execute(insert(ProgrammeEnrolment), [{"programme_id": programme.id, "user_id": user.id, "enrolled_at": NOW}
                                                    for user in users])
    db.session.commit()
    return users


def test_tutors_see_each_learners_progress_across_the_courses(app, programme):
    user = enrolled(learner("Lena Librarian"))
    complete(user, "stem-outreach-libraries")
    complete(user, "stem-storytime")
    services.confirm_workshop(tutor(), SLUG, user.id, title="Maker club", attended_on=date(2017, 9, 12), now=NOW)
    db.session.commit()
    page = client_for(app, tutor("stem-storytime")).get(LEARNERS).get_data(as_text=True)
    row = page.split("Lena Librarian", 1)[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1].split("<")[0].strip() for cell in row.split("<td")[1:]]
    assert cells[0] == "1 of 2" and cells[1] == "1 of 1" and cells[3].startswith("1 of 2") and "Not recorded" in cells[4]
    assert "1 course · 0 modules done" in row  # stem-careers, entered on enrolling


def test_the_page_costs_the_same_statements_for_3_learners_as_for_60_and_pages_by_50(app, programme, count_queries):
    client = client_for(app, tutor())
    many_learners(3, programme)
    client.get(LEARNERS)
    with count_queries() as few:
        client.get(LEARNERS)
    many_learners(57, programme)
    with count_queries() as many:
        first = client.get(LEARNERS).get_data(as_text=True)
    assert len(many) == len(few) <= 12, many
    assert "Learners 1–50 of 60" in first and first.count('<th scope="row">') == 50
    following = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(following).get_data(as_text=True)
    assert "Learners 51–60 of 60" in second and second.count('<th scope="row">') == 10


def test_anyone_but_a_programme_tutor_is_answered_404(app, programme):
    user = enrolled()
    assert client_for(app, user).get(LEARNERS).status_code == 404
    assert client_for(app, user).get(f"{LEARNERS}/{user.id}/workshop").status_code == 404
    assert app.test_client().get(LEARNERS).status_code == 302  # to the log-in page
    outsider = make_user(name="Other Tutor", email="other@example.org", now=NOW)
    with pytest.raises(NotFound):
        services.confirm_workshop(outsider, SLUG, user.id, title="A workshop", attended_on=date(2017, 9, 12), now=NOW)


def test_a_tutor_confirms_a_workshop_once_and_the_learner_sees_it(app, programme):
    user = enrolled()
    client = client_for(app, tutor())
    url = f"{LEARNERS}/{user.id}/workshop"
    first = submit(client, url, {"title": "Storytime science", "attended_on": "2017-09-20"}, follow_redirects=True)
    assert "The workshop is confirmed." in first.get_data(as_text=True)
    second = submit(client, url, {"title": "Storytime science", "attended_on": "2017-09-20"}, follow_redirects=True)
    assert "That workshop was confirmed already." in second.get_data(as_text=True)
    future = submit(client, url, {"title": "Later", "attended_on": "2030-01-01"})
    assert future.status_code == 422 and "in the future" in future.get_data(as_text=True)
    assert submit(client, f"{LEARNERS}/{user.id + 999}/workshop", {"title": "X", "attended_on": "2017-09-20"}).status_code == 404
    page = client_for(app, user).get(f"/programmes/{SLUG}").get_data(as_text=True)
    assert "1 of 2 attended · Storytime science (20 September 2017)" in page
