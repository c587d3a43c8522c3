"""Tutors page through a large run 50 rows at a time, with Previous and Next links that are plain
links (no script), each list of a page on its own, and totals over the whole run counted by the
database: the answers grid and an assignment's tutor page."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from sqlalchemy import select

from lms.core.extensions import db
from lms.learning.models import Enrolment
from lms.peer_review import services as peer_review
from lms.peer_review.models import Flag, Review, Submission
from tests.conftest import NOW, csrf_from
from tests.factories import make_learner, make_tutor_client
from tests.peer_helpers import claim, learner, submit
from tests.web.test_tutor_query_budget import grow_peer_run, grow_practice_run

ANSWERS = "/tutor/courses/practice/runs/open/answers"


def pager(page: str, label: str) -> dict[str, str]:
    """The place and the links of the pager named ``label`` (its aria-label)."""
    found = re.search(rf'<nav class="pager" aria-label="{label}">(.*?)</nav>', page, re.S)
    assert found, f"no pager labelled {label!r}"
    nav = found.group(1)
    links = {rel: html.unescape(href) for rel, href in re.findall(r'<a rel="(prev|next)" href="([^"]+)"', nav)}
    return {"place": " ".join(re.sub(r"<[^>]+>", "", nav.split("</p>")[0]).split()), **links}


def learner_names(page: str) -> list[str]:
    return re.findall(r'<th scope="row">(Learner \d+)<br>', page)


def test_the_answers_grid_pages_through_every_learner_once_in_name_order(app, practice):
    grow_practice_run(0, 120)
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    first = tutor.get(ANSWERS).get_data(as_text=True)
    assert pager(first, "Pages of learners")["place"] == "Learners 1–50 of 120"
    assert "prev" not in pager(first, "Pages of learners")
    second = tutor.get(pager(first, "Pages of learners")["next"]).get_data(as_text=True)
    assert pager(second, "Pages of learners")["place"] == "Learners 51–100 of 120"
    last = tutor.get(pager(second, "Pages of learners")["next"]).get_data(as_text=True)
    assert pager(last, "Pages of learners")["place"] == "Learners 101–120 of 120"
    assert "next" not in pager(last, "Pages of learners")
    names = learner_names(first) + learner_names(second) + learner_names(last)
    assert names == sorted(names) and len(set(names)) == 120
    back = tutor.get(pager(last, "Pages of learners")["prev"]).get_data(as_text=True)
    assert learner_names(back) == learner_names(second)
    assert pager(back, "Pages of learners, below the table")["place"] == "Learners 51–100 of 120"  # a pager under the grid too
    top = tutor.get(pager(back, "Pages of learners")["prev"]).get_data(as_text=True)
    assert learner_names(top) == learner_names(first) and "prev" not in pager(top, "Pages of learners")


def test_the_answers_grid_sums_up_each_activity_over_the_whole_run(app, client, practice):
    from tests.web.test_activities import HALF, REFLECTION, RIGHT, answer
    from tests.conftest import submit as post_form

    make_learner("practice", now=NOW, name="Ana Passes", client=client)
    answer(client, RIGHT)
    post_form(client, REFLECTION, {"text": "A private thought about my own school and its plans."})
    twice = app.test_client()
    make_learner("practice", now=NOW, name="Ben Tries Twice", client=twice)
    answer(twice, HALF)
    answer(twice, HALF, attempt=2)
    make_learner("practice", now=NOW, name="Cy Not Yet")
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    page = " ".join(tutor.get(ANSWERS).get_data(as_text=True).split())
    assert "All 3 learners" in page
    assert re.search(r"1 passed \(33%\) <span class=\"meta\">· 2 tried, 1\.5 attempts each</span>", page)
    assert "1 written (33%)" in page
    assert "100% ✓ <span class=\"meta\">(1 attempt)</span>" in page and "50% <span class=\"meta\">(2 attempts)</span>" in page


def test_a_cursor_that_names_no_learner_of_this_run_starts_from_the_top(app, practice, peer_course):
    grow_practice_run(0, 60)
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    outsider = make_learner("peer", now=NOW, name="Aaron Elsewhere")  # first by name, but in another run
    other_run = db.session.scalar(select(Enrolment.id).where(Enrolment.user_id == outsider.id))
    for odd in ("abc", "-3", "99999999999", "", str(other_run), "1e3", "٣"):
        for direction in ("after", "before"):
            response = tutor.get(f"{ANSWERS}?{direction}={odd}")
            assert response.status_code == 200, odd
            assert pager(response.get_data(as_text=True), "Pages of learners")["place"] == "Learners 1–50 of 60", odd


def test_past_the_last_learner_the_grid_says_so_and_leads_back(app, practice):
    grow_practice_run(0, 3)
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    last = db.session.scalar(select(Enrolment.id).order_by(Enrolment.id.desc()))  # learner 0002, last by name
    place = pager(tutor.get(f"{ANSWERS}?after={last}").get_data(as_text=True), "Pages of learners")
    assert place["place"] == "No more learners: all 3 are on the pages before"
    assert place["prev"] == ANSWERS + "#answers-heading"


def overview(activity_id: int | None = None) -> str:
    return f"/tutor/courses/peer/runs/cohort/assignments/{activity_id or db.session.scalar(select(Submission.activity_id))}"


def report_every_reviewed_work() -> None:
    """Each reviewer reports the work they reviewed: one report per review."""
    for finished in db.session.scalars(select(Review).where(Review.status == "done")).all():
        reviewer = db.session.get(Review, finished.id).reviewer_id
        from lms.accounts.models import User

        peer_review.flag(db.session.get(User, reviewer), finished.id, target="submission", reason="plagiarism",
                         note=f"Report {finished.id}", now=NOW + timedelta(days=1))
    db.session.commit()


def test_each_list_of_the_assignment_page_turns_its_own_pages(app, peer_course):
    grow_peer_run(0, 120)
    report_every_reviewed_work()
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    first = tutor.get(overview()).get_data(as_text=True)
    assert pager(first, "Pages of reports")["place"] == "Reports 1–50 of 60"
    assert pager(first, "Pages of submissions")["place"] == "Submissions 1–50 of 120"
    reports_2 = tutor.get(pager(first, "Pages of reports")["next"]).get_data(as_text=True)
    assert pager(reports_2, "Pages of reports")["place"] == "Reports 51–60 of 60"
    assert pager(reports_2, "Pages of submissions")["place"] == "Submissions 1–50 of 120"  # untouched
    both = pager(reports_2, "Pages of submissions")["next"]
    assert "flags_after=" in both and "submissions_after=" in both and both.endswith("#submissions")
    turned = tutor.get(both).get_data(as_text=True)
    assert pager(turned, "Pages of submissions")["place"] == "Submissions 51–100 of 120"
    assert pager(turned, "Pages of reports")["place"] == "Reports 51–60 of 60"  # the reports stay where they were
    authors = [re.findall(r'<th scope="row"><a href="[^"]+">(Peer \d+)</a>', page[page.index("<h2>Submissions"):])
               for page in (first, turned)]
    assert authors[0] + authors[1] == [f"Peer {n:04d}" for n in range(100)]  # oldest first, each once


def test_open_reports_come_first_on_every_page(app, peer_course):
    grow_peer_run(0, 120)
    report_every_reviewed_work()
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    page = tutor.get(overview()).get_data(as_text=True)
    token = csrf_from(page)
    for oldest in db.session.scalars(select(Flag.id).order_by(Flag.id).limit(5)).all():  # settle the five oldest
        tutor.post(f"/tutor/flags/{oldest}", data={"action": "dismiss", "csrf_token": token})
    first = tutor.get(overview()).get_data(as_text=True)
    second = tutor.get(pager(first, "Pages of reports")["next"]).get_data(as_text=True)
    statuses = [status for page in (first, second) for status in re.findall(r"<td>(open|dismissed)</td>", page)]
    assert statuses == ["open"] * 55 + ["dismissed"] * 5


def test_the_assignment_page_marks_disagreement_claims_and_waiting_from_sql(app, peer_course):
    author, harsh, kind, late = (learner(NOW, name=name) for name in ("Amelie Author", "Harsh Reviewer", "Kind Reviewer", "Late Claimer"))
    for person in (author, harsh, kind, late):
        submit(person, NOW)
    for reviewer, scores in ((harsh, [0, 1]), (kind, [3, 1])):
        while True:  # the queue spreads the work: review on until handed Amelie's
            given = claim(reviewer, NOW)
            if db.session.get(Submission, given.submission_id).enrolment_id == db.session.scalar(
                    select(Enrolment.id).where(Enrolment.user_id == author.id)):
                break
            peer_review.submit_review(reviewer, given.id, scores=[1, 1], comments=["Some useful remark.", ""], feedback="", now=NOW)
        peer_review.submit_review(reviewer, given.id, scores=scores, comments=["Goals are judged here.", ""], feedback="", now=NOW)
        db.session.commit()
    claim(late, NOW)  # a live claim on the oldest work still short of reviews
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    page = " ".join(tutor.get(overview()).get_data(as_text=True).split())
    amelie = page[page.index(">Amelie Author</a></th>"):].split("</tr>")[0]
    assert "reviewers disagree on Goals" in amelie and "Steps" not in amelie  # 0 and 3 of 3; 1 and 1 of 2
    assert "<td>2 / 2</td>" in amelie
    assert sum(int(n) for n in re.findall(r"<td>(\d+)</td> <td>(?:[\d.]+ days|—)</td>", page)) == 1  # one live claim
    assert re.search(r"\d+ still short of 2 reviews, the longest waiting [\d.]+ days", page)
