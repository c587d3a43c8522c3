"""Who reaches a run's cohort pages and enrolments: every rule of the "cohort" and "roster"
blueprints, read from the URL map (so a route added later is covered without touching this
file), is requested with real ids filled in, by GET and by POST (with a valid CSRF token of the
asker's own session):

- a tutor of another course gets 404 for every page, export and action: they learn nothing,
  not even that the run exists;
- a learner of the run gets 404 too; a visitor is sent to log in (or gets 404);
- the course's tutor and an admin get the page (200) or a redirect;
- odd ids (2**63, NUL bytes, control characters, very long text) give 404, never a 500.

A new rule whose path variable this file does not know fails the test with its name, so the
table below grows with the routes."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from flask import current_app
from flask.testing import FlaskClient

from sqlalchemy import select

from lms.accounts.models import User
from lms.activities import services as activities
from lms.cohort.services import announcements
from lms.cohort.services.learners import LearnerFilter
from lms.core.extensions import db
from lms.courses.models import Activity
from tests.conftest import NOW, csrf_from
from tests.factories import log_in, make_course_tutor, make_learner, make_user, run_of

BLUEPRINTS = ("cohort.", "roster.")
RUN_PAGES = "/tutor/courses/<course_slug>/runs/<run_slug>/"
VARIABLE = re.compile(r"<(?:([^<>:]+):)?(\w+)>")
ODD_IDS = ["9223372036854775808", "2147483648", "99999999999999999999999999", "%00", "a%00b", "%01%1B%7F", "x" * 2000]
# Rules of these blueprints that are not a tutor's page of one run, with why.
NOT_A_RUN_PAGE: dict[str, str] = {
    "roster.invitation": "the page an invitation's link opens, for someone who may have no account: the link's "
                         "token is the permission (tests/roster/test_invitations.py: forged, used, expired)",
}


@dataclass
class Asker:
    name: str
    client: FlaskClient
    token: str


@dataclass
class World:
    """People on clients of their own, and the real values of the routes' variables."""

    askers: dict[str, Asker]
    tutor: User
    values: dict[str, object]

    def fresh(self) -> dict[str, object]:
        """The values with a learner and a draft announcement of their own, for an action that
        may change them (unenrol the learner, delete the draft) without touching the next one's."""
        learner = make_learner("practice", now=NOW, name="Fresh Learner")
        return {**self.values, "user_id": learner.id, "announcement_id": draft_announcement(self.tutor, self.values)}


def draft_announcement(tutor: User, values: dict) -> int:
    draft = announcements.Draft("Welcome", "Hello **everyone**.", "en", LearnerFilter())
    found = announcements.save_new(tutor, values["course_slug"], values["run_slug"], token=secrets.token_hex(16), draft=draft,
                                   now=NOW)
    db.session.commit()
    return found


@pytest.fixture
def world(app, practice, peer_course) -> World:
    """The practice course's run with a learner who answered the quiz and wrote a reflection, and
    a tutor's draft announcement; its tutor, a tutor of another course (peer), an admin and a
    visitor, each on a client of their own with the CSRF token of their session."""
    learner = make_learner("practice", now=NOW, name="Ada Learner")
    activities.submit_quiz(learner, "practice", "basics", "check", answers=[[0], [0, 1]], attempt_number=1, now=NOW)
    activities.submit_reflection(learner, "practice", "basics", "think", text="I learned that the sky is blue.", now=NOW)
    admin = make_user(email="admin@example.org", name="Ada Admin", now=NOW)
    admin.is_admin = True
    db.session.commit()
    people = {
        "tutor": make_course_tutor("practice", now=NOW, email="tess@example.org"),
        "other tutor": make_course_tutor("peer", now=NOW, email="otto@example.org", name="Otto Other"),
        "learner": learner,
        "admin": admin,
    }
    askers = {}
    for name, user in people.items():
        client = app.test_client()
        log_in(client, user.email)
        askers[name] = Asker(name, client, csrf_from(client.get("/account").get_data(as_text=True)))
    visitor = app.test_client()
    askers["visitor"] = Asker("visitor", visitor, csrf_from(visitor.get("/login").get_data(as_text=True)))
    values = {"course_slug": "practice", "run_slug": run_of("practice").slug, "user_id": learner.id,
              "activity_id": db.session.scalar(select(Activity.id).where(Activity.slug == "check"))}
    values["announcement_id"] = draft_announcement(people["tutor"], values)
    return World(askers, people["tutor"], values)


def cohort_rules(app) -> list:
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith(BLUEPRINTS)),
                  key=lambda rule: (rule.rule, rule.endpoint))


def run_rules(app) -> list:
    return [rule for rule in cohort_rules(app) if rule.endpoint not in NOT_A_RUN_PAGE]


def methods(rule) -> list[str]:
    return sorted(rule.methods & {"GET", "POST"})


def path(rule, values: dict, odd: tuple[str, str] | None = None) -> str:
    """The rule's address with real values (``odd``: one variable given an odd segment instead)."""
    def fill(match: re.Match) -> str:
        name = match.group(2)
        if odd and name == odd[0]:
            return odd[1]
        if name not in values:
            pytest.fail(f"{rule.endpoint} ({rule.rule}): no real value for <{name}>: add one to the world fixture")
        return quote(str(values[name]))

    return VARIABLE.sub(fill, rule.rule)


def ask(asker: Asker, method: str, url: str):
    data = {"csrf_token": asker.token} if method == "POST" else None
    response = asker.client.open(url, method=method, data=data)
    response.get_data()  # a streamed export read whole, then let go
    response.close()
    return response


def test_the_blueprints_have_their_routes_and_every_one_is_a_page_of_one_run(app):
    rules = cohort_rules(app)
    assert rules, "no cohort or roster route at all"
    stray = [rule.rule for rule in rules if rule.endpoint not in NOT_A_RUN_PAGE and not rule.rule.startswith(RUN_PAGES)]
    assert stray == [], "every tutor's page lives under " + RUN_PAGES


def pages_answered(world: World, who: str) -> dict[str, int]:
    """Every page (GET) of the blueprints, as ``who`` asks for it: request -> status."""
    return {f"GET {rule.rule}": ask(world.askers[who], "GET", path(rule, world.values)).status_code
            for rule in run_rules(current_app) if "GET" in rule.methods}


def refused(answers: dict[str, int], allowed: tuple[int, ...]) -> dict[str, int]:
    return {request: status for request, status in answers.items() if status not in allowed}


@pytest.mark.parametrize("who", ["other tutor", "learner"])
def test_a_tutor_of_another_course_and_a_learner_of_the_run_get_not_found_everywhere(app, world, who):
    answers = {f"{method} {rule.rule}": ask(world.askers[who], method, path(rule, world.values)).status_code
               for rule in run_rules(app) for method in methods(rule)}
    assert answers and refused(answers, (404,)) == {}
    # Their actions changed nothing: the learner is still enrolled, the draft still there.
    assert refused(pages_answered(world, "tutor"), (200, 302)) == {}


def test_a_visitor_is_sent_to_log_in(app, world):
    wrong = {}
    for rule in run_rules(app):
        for method in methods(rule):
            response = ask(world.askers["visitor"], method, path(rule, world.values))
            if not (response.status_code == 404 or (response.status_code == 302 and "/login" in response.location)):
                wrong[f"{method} {rule.rule}"] = response.status_code
    assert wrong == {}


@pytest.mark.parametrize("who", ["tutor", "admin"])
def test_the_course_tutor_and_an_admin_reach_every_page_and_action(app, world, who):
    """Every page answers; every action is reached (an empty form is refused with its message or
    shown again, a button does its work and redirects), never a 404. Each action is sent about a
    learner and a draft of its own, so that one action (unenrolling, deleting) leaves the next alone."""
    pages = pages_answered(world, who)
    assert pages and refused(pages, (200, 302)) == {}
    actions = {f"POST {rule.rule}": ask(world.askers[who], "POST", path(rule, world.fresh())).status_code
               for rule in run_rules(app) if "POST" in rule.methods}
    assert refused(actions, (200, 302, 303, 400, 422)) == {}


def test_odd_ids_are_not_found_never_a_server_error(app, world):
    wrong = {}
    for rule in run_rules(app):
        for _, name in VARIABLE.findall(rule.rule):
            for odd in ODD_IDS:
                for method in methods(rule):
                    status = ask(world.askers["tutor"], method, path(rule, world.values, (name, odd))).status_code
                    if status != 404:
                        wrong[f"{method} {rule.rule} <{name}>={odd[:24]}"] = status
    assert wrong == {}


@pytest.mark.parametrize("who", ["visitor", "other tutor"])
def test_the_rules_outside_a_run_take_odd_values_without_a_server_error(app, world, who):
    """The invitation link (listed in NOT_A_RUN_PAGE) is anyone's to open: an odd token is a link
    not ours, answered with its page (404), never a server error."""
    wrong = {}
    for rule in cohort_rules(app):
        if rule.endpoint not in NOT_A_RUN_PAGE:
            continue
        for _, name in VARIABLE.findall(rule.rule):
            for odd in [*ODD_IDS, "not-a-token"]:
                for method in methods(rule):
                    status = ask(world.askers[who], method, path(rule, world.values, (name, odd))).status_code
                    if status != 404:
                        wrong[f"{method} {rule.rule} <{name}>={odd[:24]}"] = status
    assert wrong == {}
