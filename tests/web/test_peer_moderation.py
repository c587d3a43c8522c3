"""Tutors moderating reports: one decision settles every report of the same work, the learner
is told when their work is hidden and when it is restored, and each button leads back to the
assignment's tutor page, whatever page the form was posted from."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.notifications.jobs import deliver_email
from lms.notifications.models import Notification
from lms.peer_review.models import Flag, Review, Submission
from tests.conftest import NOW
from tests.factories import make_tutor_client
from tests.web.test_peer_review_pages import flag_actions, get_work, post

OUTSIDE = "https://elsewhere.example/page"


def report_work(client, reason: str = "plagiarism") -> Flag:
    """A reviewer takes the next work and reports it; returns the report."""
    url = get_work(client)
    post(client, f"/reviews/{url.rsplit('/', 1)[1]}/flag", {"target": "submission", "reason": reason}, page=url)
    return db.session.scalar(select(Flag).order_by(Flag.id.desc()))


def statuses(html: str) -> list[str]:
    """The Status column of the flags table, top to bottom."""
    flags = html[html.index("<h2>Flags</h2>"):html.index("<h2>Submissions")]
    return [" ".join(row.split("<td>")[5].split("</td>")[0].split()) for row in flags.split("<tr>")[2:]]


def overview_url() -> str:
    return f"/tutor/courses/peer/runs/cohort/assignments/{db.session.scalar(select(Submission.activity_id))}"


def test_hiding_work_reported_twice_settles_both_reports_and_restoring_keeps_them_settled(app, smtp, trio):
    (amelie, amelie_client), (_, bruno_client), (_, chiara_client) = trio
    first = report_work(bruno_client)  # Amelie's work, the oldest
    post(chiara_client, get_work(chiara_client), {"score-0": "1", "score-1": "1", "comment-0": "A fair comment.", "feedback": ""})
    second = report_work(chiara_client)
    assert first.submission_id == second.submission_id  # Chiara's second work to review is Amelie's too
    _, tutor_client = make_tutor_client(app, "peer", now=NOW)
    overview = overview_url()
    assert statuses(tutor_client.get(overview).get_data(as_text=True)) == ["open", "open"]

    post(tutor_client, f"/tutor/flags/{first.id}", {"action": "hide", "reason": "Copied from a website."}, page=overview)
    later = report_work(amelie_client, reason="inappropriate")  # other work, reported afterwards
    assert later.submission_id != first.submission_id
    html = tutor_client.get(overview).get_data(as_text=True)
    assert statuses(html) == ["open", "hidden: Copied from a website.",
                              "hidden (with another report of this submission): Copied from a website."]
    assert flag_actions(html) == ["hide", "dismiss", "restore", "restore"]  # the open report comes first

    amelie.language = "fr"  # the next e-mail is written in her new language
    db.session.commit()
    post(tutor_client, f"/tutor/flags/{second.id}", {"action": "restore"}, page=overview)
    html = tutor_client.get(overview).get_data(as_text=True)
    assert "The submission is visible to reviewers again; the author was told." in html
    assert statuses(html) == ["open", "restored (with another report of this submission): Copied from a website.",
                              "restored: Copied from a website."]
    assert flag_actions(html) == ["hide", "dismiss", "hide", "hide"]

    told = db.session.scalars(select(Notification).where(Notification.user_id == amelie.id).order_by(Notification.id)).all()
    assert [n.kind for n in told] == ["work_hidden", "work_restored"]
    deliver_email(NOW)
    hidden, restored = [message for message in smtp.messages if message["To"] == amelie.email]
    assert restored["Subject"] == "Un tuteur a rétabli votre travail : A plan for your school"
    assert "les pairs le voient de nouveau" in restored.get_body(("plain",)).get_content()


def test_a_restored_review_is_announced_to_the_learner_who_wrote_it(app, smtp, trio):
    (_, amelie_client), (bruno, bruno_client), _ = trio
    post(bruno_client, get_work(bruno_client), {"score-0": "0", "score-1": "0", "comment-0": "Rude words about it.", "feedback": ""})
    rude = db.session.scalar(select(Review).where(Review.status == "done"))
    post(amelie_client, f"/reviews/{rude.id}/flag", {"target": "review", "reason": "inappropriate"}, page="/courses/peer/modules/plan/assignments/plan")
    _, tutor_client = make_tutor_client(app, "peer", now=NOW)
    flag_id, overview = db.session.scalar(select(Flag.id)), overview_url()
    post(tutor_client, f"/tutor/flags/{flag_id}", {"action": "hide", "reason": "Not a review."}, page=overview)
    post(tutor_client, f"/tutor/flags/{flag_id}", {"action": "restore"}, page=overview)
    assert "The review is visible to the author of the work again; the reviewer was told." in tutor_client.get(overview).get_data(as_text=True)
    listing = " ".join(bruno_client.get("/notifications").get_data(as_text=True).split())
    assert re.search(r"A tutor has restored your review for <a [^>]+><span lang=\"en\">A plan for your school</span></a>: "
                     r"it is visible to the author of the work again\.", listing), listing
    deliver_email(NOW)
    hidden, restored = [message for message in smtp.messages if message["To"] == bruno.email]
    assert restored["Subject"] == "A tutor has restored your work: A plan for your school"
    assert "A tutor has restored your review for" in restored.get_body(("plain",)).get_content()


@pytest.mark.parametrize("decision", [
    {"action": "hide", "reason": "Copied from a website."},  # done
    {"action": "hide", "reason": "  "},  # refused by the service: no reason
    {"action": "hide", "reason": "Copied\x00."},  # refused by the form: a control character
], ids=["done", "no-reason", "refused-form"])
def test_a_moderation_leads_back_to_the_assignments_tutor_page_not_to_the_page_that_posted(app, trio, decision):
    _, (_, bruno_client), _ = trio
    report = report_work(bruno_client)
    _, tutor_client = make_tutor_client(app, "peer", now=NOW)
    overview = overview_url()
    answer = post(tutor_client, f"/tutor/flags/{report.id}", decision, page=overview, headers={"Referer": OUTSIDE})
    assert answer.status_code == 302 and answer.headers["Location"] == overview
