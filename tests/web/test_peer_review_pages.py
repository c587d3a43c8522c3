"""Peer review through the pages: submit, review anonymously, flag, moderate, results."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.peer_review.models import Flag, Review, Submission
from tests.conftest import NOW, csrf_from
from tests.factories import make_learner_client, make_tutor_client

ASSIGNMENT = "/courses/peer/modules/plan/assignments/plan"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    token = csrf_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


def submit_work(client, text="My plan for the school has clear goals.", attachment=None):
    data = {"text": text}
    if attachment is not None:
        data["attachment"] = attachment
    return post(client, ASSIGNMENT, data, content_type="multipart/form-data")


def get_work(client):
    response = post(client, ASSIGNMENT + "/claim", {}, page=ASSIGNMENT)
    return response.headers["Location"]


def test_the_assignment_link_in_a_module_leads_to_the_peer_review_page(app, peer_course):
    _, client = make_learner_client(app, "peer", now=NOW)
    response = client.get("/courses/peer/modules/plan/activities/plan")
    assert response.headers["Location"] == ASSIGNMENT
    html = client.get(ASSIGNMENT).get_data(as_text=True)
    assert "Submit your work. Then you will review the work of peers." in html


def test_a_reviewer_sees_the_work_but_never_the_authors_name(trio):
    (amelie, _), (bruno, bruno_client), _ = trio
    review_url = get_work(bruno_client)
    html = bruno_client.get(review_url).get_data(as_text=True)
    assert "My plan for the school has clear goals." in html
    for secret in ("Amelie", "amelie@school.example", "Chiara", "chiara@school.example"):
        assert secret not in html


def test_an_author_sees_reviews_but_never_the_reviewers_name(trio):
    (amelie, amelie_client), (bruno, bruno_client), (chiara, chiara_client) = trio
    for client in (bruno_client, chiara_client, bruno_client, chiara_client):
        post(client, get_work(client), {"score-0": "2", "score-1": "1", "comment-0": "Goals are clear and dated.", "feedback": "Good."})
    for _ in range(2):
        url = get_work(amelie_client)
        post(amelie_client, url, {"score-0": "3", "score-1": "2", "comment-0": "Excellent goals here.", "feedback": ""})
    html = amelie_client.get(ASSIGNMENT).get_data(as_text=True)
    assert "Peer 1" in html
    for secret in ("Bruno", "bruno@school.example", "Chiara", "chiara@school.example"):
        assert secret not in html


def test_a_guessed_review_id_of_someone_else_is_refused(trio):
    (_, amelie_client), (_, bruno_client), _ = trio
    url = get_work(bruno_client)
    response = amelie_client.get(url)
    assert response.status_code == 404
    assert "My plan" not in response.get_data(as_text=True)
    review_id = int(url.rsplit("/", 1)[1])
    response = amelie_client.post(url, data={"csrf_token": csrf_from(amelie_client.get(ASSIGNMENT).get_data(as_text=True)),
                                              "score-0": "0", "score-1": "0", "comment-0": "Nasty comment here."})
    assert response.status_code == 404
    assert db.session.get(Review, review_id).status == "claimed"


def test_attachments_are_checked_by_content_and_served_only_to_those_allowed(app, trio):
    (_, amelie_client), (_, bruno_client), (_, chiara_client) = trio
    fake = submit_work(amelie_client, attachment=(io.BytesIO(b"MZ\x90\x00 not a pdf"), "plan.pdf"))
    assert fake.status_code == 422
    assert "Attach a PDF, an image" in fake.get_data(as_text=True)
    assert submit_work(amelie_client, attachment=(io.BytesIO(PDF), "plan.pdf")).status_code == 302
    submission_id = db.session.scalar(select(Submission.id).where(Submission.attachment_key.is_not(None)))
    url = f"/submissions/{submission_id}/attachment"
    download = amelie_client.get(url)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    download.close()
    assert chiara_client.get(url).status_code == 404  # not given this work
    get_work(bruno_client)  # bruno is handed the oldest: amelie's
    allowed = bruno_client.get(url)
    assert allowed.status_code == 200
    allowed.close()


def test_flagged_submission_goes_to_the_tutor_who_hides_it_from_the_queue(app, trio):
    (amelie, _), (_, bruno_client), (_, chiara_client) = trio
    url = get_work(bruno_client)
    review_id = url.rsplit("/", 1)[1]
    flagged = post(bruno_client, f"/reviews/{review_id}/flag", {"target": "submission", "reason": "plagiarism",
                                                                "note": "Copied from a website."}, page=url,
                   headers={"Referer": url})
    assert flagged.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 1

    _, tutor_client = make_tutor_client(app, "peer", now=NOW)
    activity_id = db.session.scalar(select(Submission.activity_id))
    overview = f"/tutor/courses/peer/runs/cohort/assignments/{activity_id}"
    html = tutor_client.get(overview).get_data(as_text=True)
    assert "Copied from a website." in html and "Amelie" in html  # tutors see names
    flag_id = db.session.scalar(select(Flag.id))
    post(tutor_client, f"/tutor/flags/{flag_id}", {"action": "hide", "reason": "Copied without credit."}, page=overview)
    assert db.session.scalar(select(Submission.hidden_at).where(Submission.id == db.session.scalar(select(Flag.submission_id)))) is not None
    # Chiara asks for work: the hidden submission is never offered.
    chiara_url = get_work(chiara_client)
    assert "Copied" not in chiara_client.get(chiara_url).get_data(as_text=True)
    hidden_id = db.session.scalar(select(Flag.submission_id))
    assert db.session.get(Review, int(chiara_url.rsplit("/", 1)[1])).submission_id != hidden_id


def test_an_author_reports_a_review_and_rates_another(trio):
    (amelie, amelie_client), (_, bruno_client), (_, chiara_client) = trio
    # Each reviews twice; Amelie's work gets one review from each of them.
    for client, comment in ((bruno_client, "Rude words about the plan."), (chiara_client, "Helpful and specific notes.")) * 2:
        post(client, get_work(client), {"score-0": "1", "score-1": "1", "comment-0": comment, "feedback": ""})
    for _ in range(2):
        post(amelie_client, get_work(amelie_client), {"score-0": "2", "score-1": "2", "comment-0": "Solid goals overall.", "feedback": ""})
    received = db.session.scalars(
        select(Review).join(Submission).where(Submission.enrolment_id == 1, Review.status == "done")).all()
    rude = next(r for r in received if "Rude" in r.comments[0])
    kind = next(r for r in received if "Helpful" in r.comments[0])
    reported = post(amelie_client, f"/reviews/{rude.id}/flag", {"target": "review", "reason": "inappropriate"},
                    page=ASSIGNMENT, headers={"Referer": f"http://localhost{ASSIGNMENT}"})
    assert reported.headers["Location"] == ASSIGNMENT  # back to the page she was on
    # A form posted from another site never sends her on to it.
    rated = post(amelie_client, f"/reviews/{kind.id}/rate", {"helpfulness": "5"}, page=ASSIGNMENT,
                 headers={"Referer": "https://elsewhere.example/phish"})
    assert rated.headers["Location"] == "/dashboard"
    db.session.expire_all()
    assert db.session.scalar(select(Flag.review_id)) == rude.id
    assert db.session.get(Review, kind.id).helpfulness == 5
    # Nobody else can rate or report a review of Amelie's work.
    assert post(bruno_client, f"/reviews/{kind.id}/rate", {"helpfulness": "1"}, page=ASSIGNMENT).status_code == 404


def test_results_page_shows_medians_once_my_reviews_are_done(trio):
    (_, amelie_client), (_, bruno_client), (_, chiara_client) = trio
    for client, scores in ((bruno_client, ("3", "2")), (chiara_client, ("1", "0"))) * 2:
        post(client, get_work(client), {"score-0": scores[0], "score-1": scores[1], "comment-0": "A fair comment here.", "feedback": ""})
    assert "Your results appear here once you have given your reviews." in amelie_client.get(ASSIGNMENT).get_data(as_text=True)
    for _ in range(2):
        post(amelie_client, get_work(amelie_client), {"score-0": "2", "score-1": "2", "comment-0": "Solid goals overall.", "feedback": ""})
    html = amelie_client.get(ASSIGNMENT).get_data(as_text=True)
    assert re.search(r"<strong>3\.0 / 5</strong>\s+— the median of 2 reviews per criterion", html)


def test_tutor_sees_names_and_overrides_a_result_that_the_learner_then_sees(app, trio):
    (_, amelie_client), (_, bruno_client), (_, chiara_client) = trio
    for client in (bruno_client, chiara_client) * 2:
        post(client, get_work(client), {"score-0": "1", "score-1": "0", "comment-0": "Too vague for me.", "feedback": ""})
    for _ in range(2):
        post(amelie_client, get_work(amelie_client), {"score-0": "2", "score-1": "2", "comment-0": "Solid goals overall.", "feedback": ""})
    _, tutor_client = make_tutor_client(app, "peer", now=NOW, name="Tess Tutor")
    submission_id = db.session.scalar(select(Submission.id).where(Submission.enrolment_id == 1))
    page = f"/tutor/submissions/{submission_id}"
    html = tutor_client.get(page).get_data(as_text=True)
    assert "Bruno" in html and "Chiara" in html and "Amelie" in html
    missing_reason = post(tutor_client, page, {"action": "override", "override-0": "3", "override-1": "2", "reason": ""})
    assert missing_reason.status_code == 422
    assert "Give a reason" in missing_reason.get_data(as_text=True)
    post(tutor_client, page, {"action": "override", "override-0": "3", "override-1": "2", "reason": "Peers missed the timeline."})
    html = amelie_client.get(ASSIGNMENT).get_data(as_text=True)
    assert "<strong>5.0 / 5</strong>" in html and "set by a tutor: Peers missed the timeline." in html
    assert "Tess" not in html
    assert bruno_client.get(page).status_code == 403


def test_a_remote_image_in_a_submission_never_reaches_the_reviewer(trio):
    (_, amelie_client), (_, bruno_client), _ = trio
    submit_work(amelie_client, text="My plan ![pixel](https://tracker.example/p.png) has clear goals.")
    html = bruno_client.get(get_work(bruno_client)).get_data(as_text=True)
    assert "has clear goals" in html and "tracker.example" not in html


def test_a_reviewer_downloads_the_attachment_under_a_neutral_name(app, trio):
    (_, amelie_client), (_, bruno_client), _ = trio
    submit_work(amelie_client, attachment=(io.BytesIO(PDF), "Amelie_Dupont_plan.pdf"))
    url = get_work(bruno_client)
    assert "Amelie_Dupont" not in bruno_client.get(url).get_data(as_text=True)
    submission_id = db.session.scalar(select(Submission.id).where(Submission.attachment_key.is_not(None)))
    download = bruno_client.get(f"/submissions/{submission_id}/attachment")
    assert download.headers["Content-Disposition"] == f"attachment; filename=submission-{submission_id}.pdf"
    download.close()


def test_reporting_the_same_submission_twice_keeps_one_report(trio):
    _, (_, bruno_client), _ = trio
    url = get_work(bruno_client)
    review_id = url.rsplit("/", 1)[1]
    for _ in range(2):
        post(bruno_client, f"/reviews/{review_id}/flag", {"target": "submission", "reason": "plagiarism"}, page=url)
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 1


def test_a_tutor_double_clicking_review_it_myself_gets_one_claim(app, trio):
    tutor, tutor_client = make_tutor_client(app, "peer", now=NOW)
    submission_id = db.session.scalar(select(Submission.id).order_by(Submission.id))
    page = f"/tutor/submissions/{submission_id}"
    first = post(tutor_client, page, {"action": "review"})
    second = post(tutor_client, page, {"action": "review"})
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Review).where(Review.reviewer_id == tutor.id)) == 1


def flag_the_first_work_bruno_is_given(trio) -> int:
    _, (_, bruno_client), _ = trio
    url = get_work(bruno_client)
    post(bruno_client, f"/reviews/{url.rsplit('/', 1)[1]}/flag", {"target": "submission", "reason": "plagiarism"}, page=url)
    return db.session.scalar(select(Flag.id))


def flag_actions(html: str) -> list[str]:
    """The moderation buttons offered in the flags table."""
    flags = html[html.index("<h2>Flags</h2>"):html.index("<h2>Submissions")]
    return re.findall(r'name="action" value="(\w+)"', flags)


def test_hiding_work_needs_a_reason_which_reaches_its_author_in_the_app_and_by_mail(app, smtp, trio):
    from lms.notifications.jobs import deliver_email

    (amelie, amelie_client), _, _ = trio
    flag_id = flag_the_first_work_bruno_is_given(trio)
    _, tutor_client = make_tutor_client(app, "peer", now=NOW)
    overview = f"/tutor/courses/peer/runs/cohort/assignments/{db.session.scalar(select(Submission.activity_id))}"
    assert flag_actions(tutor_client.get(overview).get_data(as_text=True)) == ["hide", "dismiss"]

    post(tutor_client, f"/tutor/flags/{flag_id}", {"action": "hide", "reason": "  "}, page=overview, headers={"Referer": overview})
    html = tutor_client.get(overview).get_data(as_text=True)
    assert "Give a reason for hiding it: the learner whose work it is will read it." in html
    assert db.session.scalar(select(func.count()).select_from(Submission).where(Submission.hidden_at.is_not(None))) == 0

    post(tutor_client, f"/tutor/flags/{flag_id}", {"action": "hide", "reason": "Copied from <b>a website</b>."}, page=overview,
         headers={"Referer": overview})
    html = tutor_client.get(overview).get_data(as_text=True)
    assert "The submission is hidden from reviewers; the author was told why." in html
    assert "Done." not in html
    assert flag_actions(html) == ["restore"]

    listing = " ".join(amelie_client.get("/notifications").get_data(as_text=True).split())
    assert "A tutor has hidden your work for" in listing and "The reason: Copied from &lt;b&gt;a website&lt;/b&gt;." in listing
    assert deliver_email(NOW) == 1
    (mail,) = smtp.messages
    assert mail["To"] == amelie.email and mail["Subject"] == "A tutor has hidden your work: A plan for your school"
    assert "The tutor's reason: Copied from <b>a website</b>." in mail.get_body(("plain",)).get_content()

    post(tutor_client, f"/tutor/flags/{flag_id}", {"action": "restore"}, page=overview, headers={"Referer": overview})
    html = tutor_client.get(overview).get_data(as_text=True)
    assert "The submission is visible to reviewers again; the author was told." in html
    assert flag_actions(html) == ["hide"]


def test_a_hidden_review_is_explained_to_the_learner_who_wrote_it(app, trio):
    (_, amelie_client), (bruno, bruno_client), _ = trio
    post(bruno_client, get_work(bruno_client), {"score-0": "0", "score-1": "0", "comment-0": "Rude words about it.", "feedback": ""})
    rude = db.session.scalar(select(Review).where(Review.status == "done"))
    post(amelie_client, f"/reviews/{rude.id}/flag", {"target": "review", "reason": "inappropriate"}, page=ASSIGNMENT)
    _, tutor_client = make_tutor_client(app, "peer", now=NOW)
    overview = f"/tutor/courses/peer/runs/cohort/assignments/{db.session.scalar(select(Submission.activity_id))}"
    assert flag_actions(tutor_client.get(overview).get_data(as_text=True)) == ["hide", "reassign", "dismiss"]
    post(tutor_client, f"/tutor/flags/{db.session.scalar(select(Flag.id))}", {"action": "reassign", "reason": "Not a review."},
         page=overview, headers={"Referer": overview})
    assert ("The review is hidden from the author of the work and the work goes back in the queue for another review; "
            "the reviewer was told why.") in tutor_client.get(overview).get_data(as_text=True)
    told = db.session.scalar(select(Notification).where(Notification.kind == "work_hidden"))
    assert told.user_id == bruno.id and told.payload["what"] == "review" and told.payload["reason"] == "Not a review."


def test_an_overridden_result_is_explained_to_the_learner_once(app, trio):
    (amelie, amelie_client), _, _ = trio
    _, tutor_client = make_tutor_client(app, "peer", now=NOW)
    page = f"/tutor/submissions/{db.session.scalar(select(Submission.id).where(Submission.enrolment_id == 1))}"
    for _ in range(2):  # the second click changes nothing, so tells nothing
        post(tutor_client, page, {"action": "override", "override-0": "3", "override-1": "2", "reason": "Peers missed the timeline."})
    told = db.session.scalars(select(Notification).where(Notification.user_id == amelie.id)).all()
    assert [(n.kind, n.payload["reason"]) for n in told] == [("result_overridden", "Peers missed the timeline.")]
    listing = " ".join(amelie_client.get("/notifications").get_data(as_text=True).split())
    assert "A tutor has set your result for" in listing and "The reason: Peers missed the timeline." in listing


def test_invisible_control_characters_in_a_tutors_reason_are_refused_with_a_message(app, trio):
    flag_id = flag_the_first_work_bruno_is_given(trio)
    _, tutor_client = make_tutor_client(app, "peer", now=NOW)
    overview = f"/tutor/courses/peer/runs/cohort/assignments/{db.session.scalar(select(Submission.activity_id))}"
    hide = post(tutor_client, f"/tutor/flags/{flag_id}", {"action": "hide", "reason": "Copied\x00 text."}, page=overview,
                headers={"Referer": overview})
    assert hide.status_code == 302
    assert "invisible control characters" in tutor_client.get(overview).get_data(as_text=True)
    page = f"/tutor/submissions/{db.session.scalar(select(Flag.submission_id))}"
    override = post(tutor_client, page, {"action": "override", "override-0": "3", "override-1": "2", "reason": "Late\x00."})
    assert override.status_code == 422 and "invisible control characters" in override.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert db.session.scalar(select(func.count()).select_from(Submission).where(
        Submission.hidden_at.is_not(None) | Submission.override_reason.is_not(None))) == 0
