"""The placement: recorded by the learner, e-mailed to the named supervisor as a one-time link (only
its hash kept), signed off or declined without an account; a used, expired or replaced link shows a
clear page and changes nothing; a signed-off placement can no longer be edited."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from lms.core.errors import DomainError
from lms.core.extensions import db
from lms.programmes import services
from lms.programmes.models import PlacementRecord
from tests.conftest import NOW, csrf_from, submit
from tests.programmes.conftest import SLUG, client_for, complete, enrolled, programme_enrolment, tutor

FORM = f"/programmes/{SLUG}/placement"
DETAILS = {"host": "Central Library", "starts_on": "2017-09-01", "ends_on": "2017-09-29", "hours": "32",
           "report": "I ran **six** maker sessions.\n\n<img src=x onerror=alert(1)>",
           "supervisor_name": "Sam Super", "supervisor_email": "sam@host.example"}


def _link(message) -> str:
    return re.search(r"http://\S+/programmes/placements/sign/(\S+)", message.get_content()).group(0)


def _path(link: str) -> str:
    return link[link.index("/programmes/"):]


def submitted(app, smtp, user=None):
    user = user or enrolled()
    client = client_for(app, user)
    response = submit(client, FORM, DETAILS)
    assert response.status_code == 302, response.get_data(as_text=True)
    (message,) = smtp.wait_for(1)
    return user, client, _path(_link(message)), message


def placement() -> PlacementRecord:
    db.session.expire_all()
    return db.session.query(PlacementRecord).one()


def test_the_supervisor_gets_a_one_time_link_and_signs_off_without_an_account(app, programme, smtp):
    user, learner_client, link, message = submitted(app, smtp)
    assert message["To"] == "sam@host.example" and "Lena Librarian" in message["Subject"]
    token = link.rsplit("/", 1)[1]
    assert placement().link_hash == hashlib.sha256(token.encode()).hexdigest() and token not in str(placement().__dict__)
    supervisor = app.test_client()
    page = supervisor.get(link).get_data(as_text=True)
    assert "Central Library" in page and "<strong>six</strong>" in page and "onerror" not in page
    done = supervisor.post(link, data={"csrf_token": csrf_from(page), "sign_off": "Sign the placement off"})
    assert done.status_code == 200 and "placement is signed off" in done.get_data(as_text=True)
    assert placement().status == "signed_off" and placement().decided_at == NOW
    again = supervisor.get(link)
    assert again.status_code == 410 and "This link has been used" in again.get_data(as_text=True)
    programme_page = learner_client.get(f"/programmes/{SLUG}").get_data(as_text=True)
    assert "Signed off by Sam Super" in programme_page


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(app, programme, smtp):
    _, _, link, _ = submitted(app, smtp)
    supervisor = app.test_client()
    token = csrf_from(supervisor.get(link).get_data(as_text=True))
    app.config["FIXED_NOW"] = NOW + timedelta(days=15)
    page = supervisor.get(link)
    assert page.status_code == 410 and "This link expired on" in page.get_data(as_text=True)
    refused = supervisor.post(link, data={"csrf_token": token, "sign_off": "Sign the placement off"})
    assert refused.status_code == 410 and placement().status == "awaiting"


def test_a_fresh_link_replaces_the_old_one(app, programme, smtp):
    _, client, old, _ = submitted(app, smtp)
    response = submit(client, FORM + "/resend", page=f"/programmes/{SLUG}")
    assert response.status_code == 302
    new = _path(_link(smtp.wait_for(2)[1]))
    assert new != old
    gone = app.test_client().get(old)
    assert gone.status_code == 404 and "Ask them to send the link again" in gone.get_data(as_text=True)
    assert app.test_client().get(new).status_code == 200


def test_declining_needs_a_comment_and_the_learner_may_correct_and_send_again(app, programme, smtp):
    _, client, link, _ = submitted(app, smtp)
    supervisor = app.test_client()
    token = csrf_from(supervisor.get(link).get_data(as_text=True))
    empty = supervisor.post(link, data={"csrf_token": token, "decline": "Decline"})
    assert empty.status_code == 422 and placement().status == "awaiting"
    supervisor.post(link, data={"csrf_token": token, "decline": "Decline", "comment": "Only 20 hours were with us."})
    assert placement().status == "declined" and placement().decision_comment == "Only 20 hours were with us."
    page = client.get(f"/programmes/{SLUG}").get_data(as_text=True)
    assert "Only 20 hours were with us." in page and "Declined by Sam Super" in page
    assert submit(client, FORM, {**DETAILS, "hours": "30"}).status_code == 302
    assert placement().status == "awaiting" and len(smtp.wait_for(2)) == 2


def test_a_signed_off_placement_cannot_be_edited(app, programme, smtp):
    user, client, link, _ = submitted(app, smtp)
    supervisor = app.test_client()
    supervisor.post(link, data={"csrf_token": csrf_from(supervisor.get(link).get_data(as_text=True)), "sign_off": "1"})
    page = client.get(FORM).get_data(as_text=True)
    assert "it can no longer be changed" in page and "<form" not in page.split("<main")[1].split("</main>")[0]
    refused = client.post(FORM, data={**DETAILS, "hours": "99", "csrf_token": csrf_from(client.get(f"/programmes/{SLUG}").get_data(as_text=True))})
    assert refused.status_code == 200 and placement().hours == 32
    try:
        services.save_placement(user, SLUG, services.PlacementDetails(*DETAILS.values()), now=NOW)
    except DomainError as error:
        assert "can no longer be changed" in str(error)
    else:
        raise AssertionError("a signed-off placement was changed")


def test_bad_input_is_answered_on_the_field_and_kept(app, programme):
    client = client_for(app, enrolled())
    for change, message in [({"hours": "12"}, "at least 30 hours"), ({"starts_on": "yesterday"}, "as on a calendar"),
                            ({"ends_on": "2017-08-01"}, "cannot end before it starts"),
                            ({"supervisor_email": "sam"}, "e-mail address"), ({"host": "Lib\x00rary"}, "control characters"),
                            ({"report": "x" * 60_000}, "under 50000 characters")]:
        response = submit(client, FORM, {**DETAILS, **change})
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and message in page, (change, page[-3000:])
        assert "Sam Super" in page  # what was typed stays
    assert db.session.query(PlacementRecord).count() == 0


def test_signing_off_the_last_requirement_completes_the_programme(app, programme, smtp):
    user, _, link, _ = submitted(app, smtp)
    confirmer = tutor()
    for number in (1, 2):
        services.confirm_workshop(confirmer, SLUG, user.id, title=f"Workshop {number}", attended_on="2017-09-1%d" % number,
                                  now=NOW)
    db.session.commit()
    for slug in ("stem-outreach-libraries", "stem-careers", "stem-storytime"):
        complete(user, slug)
    assert programme_enrolment(user).completed_at is None
    supervisor = app.test_client()
    supervisor.post(link, data={"csrf_token": csrf_from(supervisor.get(link).get_data(as_text=True)), "sign_off": "1"})
    assert programme_enrolment(user).completed_at == NOW and programme_enrolment(user).certificate_uid


def test_only_a_learner_on_the_programme_has_a_placement_page(app, programme):
    from tests.programmes.conftest import learner
    outsider = client_for(app, learner())
    assert outsider.get(FORM).status_code == 404
    assert app.test_client().get("/programmes/placements/sign/" + "x" * 43).status_code == 404
    assert app.test_client().get("/programmes/placements/sign/%00").status_code in (404,)
