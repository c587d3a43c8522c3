"""Every page in French, German, Spanish and Italian has no English left outside user and
course content (tests/i18n/leftovers.py says how English is found): learners' pages, tutors'
pages, public badge pages, log-in pages and error pages, with data on them (progress, a quiz
attempt, a reflection, reviewed work, badges, a certificate, notifications). Signed-in people
read their saved language; visitors their browser's Accept-Language."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select

from lms.accounts.models import User
from lms.accounts.services import password_reset_token
from lms.activities import services as activities
from lms.activities.models import Reflection
from lms.awards.models import Assertion, Certificate
from lms.cohort.services import announcements
from lms.cohort.services.learners import LearnerFilter
from lms.core.extensions import db
from lms.courses.models import Activity, Course, Module
from lms.courses.services.staffing import make_tutor
from lms.learning.services.announcements import announce_releases
from lms.peer_review.models import Review
from tests.conftest import NOW, submit
from tests.factories import log_in, make_course_tutor, make_enrolment, make_learner, make_submission_with_reviews
from tests.i18n.discussion_pages import discussion_pages
from tests.i18n.leftovers import Finding, english_leftovers
from tests.service.test_announcements import BEFORE_START
from tests.web.test_badges import complete_course

LANGUAGES = ["fr", "de", "es", "it"]
CAREERS = "/courses/stem-careers"
RUN = "/tutor/courses/stem-careers/runs/autumn-2017/"  # a run's pages for its tutors
INTRODUCTION = CAREERS + "/modules/introduction/"
USER_TEXT = " ".join(["Lorem ipsum dolor sit amet, consectetur adipiscing elit."] * 12)  # words of no language we ship


@dataclass
class Page:
    name: str
    client: FlaskClient
    url: str
    status: int = 200
    method: str = "get"
    visitor: bool = False  # a visitor's browser asks for the language; a signed-in person's asks for English


def _people(app, language: str) -> dict[str, FlaskClient]:
    """A learner with progress in the sample course and the practice course done, a tutor of all
    three courses, the author of peer-reviewed work and one of its reviewers; all reading ``language``."""
    learner = make_learner(now=BEFORE_START, name="Ada Lovelace")
    make_enrolment(learner, "practice", now=NOW)
    activities.submit_quiz(learner, "stem-careers", "introduction", "course-basics", answers=[[1]] * 5, attempt_number=1, now=NOW)
    activities.submit_reflection(learner, "stem-careers", "introduction", "my-starting-point", text=USER_TEXT, now=NOW)
    db.session.commit()
    announce_releases(now=NOW)
    tutor = make_course_tutor("stem-careers", now=NOW, name="Tess Tutor")
    make_tutor(tutor, "practice")
    make_tutor(tutor, "peer")
    author, _ = make_submission_with_reviews(NOW)
    reviewer = db.session.get(User, db.session.scalars(select(Review.reviewer_id)).first())
    db.session.commit()
    people = {"learner": learner, "tutor": tutor, "author": author, "reviewer": reviewer}
    for user in people.values():
        user.language = language
    db.session.commit()
    clients = {}
    for role, user in people.items():
        clients[role] = app.test_client()
        log_in(clients[role], user.email)
    complete_course(clients["learner"])  # badges, a certificate and their notifications
    submit(clients["learner"], INTRODUCTION + "welcome-and-how-the-course-works/done",
           page=INTRODUCTION + "welcome-and-how-the-course-works")
    clients["visitor"] = app.test_client()
    return clients


def _ids() -> dict[str, object]:
    db.session.expire_all()
    submission_activity = db.session.scalar(select(Activity.id).join(Module).where(Module.slug == "plan", Activity.slug == "plan"))
    return {
        "assertion": db.session.scalars(select(Assertion.uid)).first(),
        "certificate": db.session.scalar(select(Certificate.uid)),
        "reflection": db.session.scalar(select(Reflection.id)),
        "review": db.session.scalars(select(Review.id).where(Review.submitted_at.is_not(None))).first(),
        "submission": db.session.scalar(select(Review.submission_id)),
        "assignment": submission_activity,
        "learner": db.session.scalar(select(User.id).where(User.name == "Ada Lovelace")),
        "quiz": db.session.scalar(select(Activity.id).join(Module).join(Course, Course.id == Module.course_id)
                                  .where(Course.slug == "stem-careers", Activity.slug == "course-basics")),
    }


def _announcements() -> dict[str, int]:
    """The tutor's announcement sent to the run (the learner's dashboard and notifications show
    it) and a draft kept for later (its page shows the preview and the number of recipients)."""
    tutor = db.session.scalar(select(User).where(User.name == "Tess Tutor"))
    made = {}
    for name in ("sent", "draft"):
        draft = announcements.Draft(USER_TEXT[:56], USER_TEXT, "en", LearnerFilter())
        made[name] = announcements.save_new(tutor, "stem-careers", "autumn-2017", token=secrets.token_hex(16), draft=draft,
                                            now=NOW)
    announcements.send_now(tutor, "stem-careers", "autumn-2017", made["sent"], now=NOW)
    db.session.commit()
    return made


def every_page(app, language: str) -> list[Page]:
    clients = _people(app, language)
    learner, tutor, visitor = clients["learner"], clients["tutor"], clients["visitor"]
    ids = _ids()
    news = _announcements()
    _, reset = password_reset_token(db.session.scalars(select(User.email)).first(), secret_key=app.config["SECRET_KEY"], now=NOW)
    db.session.commit()
    peer_module = "/courses/peer/modules/plan/"

    def public(name: str, url: str, status: int = 200) -> Page:
        return Page(name, visitor, url, status, visitor=True)

    return [
        Page("catalogue", learner, "/"),
        Page("course", learner, CAREERS),
        Page("enrol", clients["author"], f"{CAREERS}/enrol?run={_run_id('stem-careers')}"),
        Page("dashboard", learner, "/dashboard"),
        Page("module", learner, INTRODUCTION),
        Page("unit", learner, INTRODUCTION + "welcome-and-how-the-course-works"),
        Page("locked module", learner, CAREERS + "/modules/roles-teachers-mentors-parents/", 403),
        Page("quiz", learner, INTRODUCTION + "activities/course-basics"),
        Page("reflection", learner, INTRODUCTION + "activities/my-starting-point"),
        Page("assignment", clients["author"], peer_module + "assignments/plan"),
        Page("review", clients["reviewer"], f"/reviews/{ids['review']}"),
        Page("notifications", learner, "/notifications"),
        Page("account", learner, "/account"),
        Page("my badges", learner, "/my/badges"),
        Page("teaching", tutor, "/tutor/"),
        Page("schedule", tutor, "/tutor/courses/stem-careers/runs/autumn-2017/schedule"),
        Page("answers", tutor, "/tutor/courses/stem-careers/runs/autumn-2017/answers"),
        Page("tutor reflection", tutor, f"/tutor/reflections/{ids['reflection']}"),
        Page("tutor assignment", tutor, f"/tutor/courses/peer/runs/cohort/assignments/{ids['assignment']}"),
        Page("tutor submission", tutor, f"/tutor/submissions/{ids['submission']}"),
        Page("course awards", tutor, "/tutor/courses/practice/awards"),
        *_run_pages(tutor, ids, news),
        *discussion_pages(Page, clients),
        public("public catalogue", "/"),
        public("public course", CAREERS),
        public("assertion", f"/badges/assertions/{ids['assertion']}"),
        public("badge class", "/badges/classes/practice-basics"),
        public("issuer", "/badges/issuer"),
        public("certificate", f"/certificates/{ids['certificate']}"),
        public("verify a badge", "/verify"),
        public("login", "/login"),
        public("register", "/register"),
        public("forgot", "/password/forgot"),
        public("reset", f"/password/reset/{reset}"),
        public("invitation not ours", "/invitations/not-a-token", 404),
        public("404 visitor", "/no-such-page", 404),
        Page("404", learner, "/courses/no-such-course", 404),
        Page("403", learner, "/tutor/courses/practice/awards", 403),
        Page("400", learner, "/language", 400, method="post"),
    ]


def _run_pages(tutor: FlaskClient, ids: dict[str, object], news: dict[str, int]) -> list[Page]:
    """A run's pages for its tutors: the overview and its tables, learners, exports,
    announcements and enrolments."""
    return [
        Page("overview", tutor, RUN),
        Page("modules table", tutor, RUN + "modules"),
        Page("quiz items", tutor, f"{RUN}quizzes/{ids['quiz']}"),
        Page("learners", tutor, RUN + "learners"),
        Page("learners not started", tutor, RUN + "learners?status=not_started&sort=name"),
        Page("learner", tutor, f"{RUN}learners/{ids['learner']}"),
        Page("exports", tutor, RUN + "exports"),
        Page("announcements", tutor, RUN + "announcements"),
        Page("new announcement", tutor, RUN + "announcements/new"),
        Page("sent announcement", tutor, f"{RUN}announcements/{news['sent']}"),
        Page("draft announcement", tutor, f"{RUN}announcements/{news['draft']}"),
        Page("edit announcement", tutor, f"{RUN}announcements/{news['draft']}/edit"),
        Page("moderation", tutor, RUN + "moderation"),
        Page("enrolments", tutor, RUN + "enrolments"),
        Page("enrolment", tutor, f"{RUN}enrolments/{ids['learner']}"),
        Page("unenrol", tutor, f"{RUN}enrolments/{ids['learner']}/unenrol"),
    ]


def _run_id(course_slug: str) -> int:
    from tests.factories import run_of

    return run_of(course_slug).id


def visit(page: Page, language: str):
    accept = f"{language}-{language.upper()},{language};q=0.9,en;q=0.5" if page.visitor else "en"
    response = getattr(page.client, page.method)(page.url, headers={"Accept-Language": accept})
    assert response.status_code == page.status, f"{page.name} {page.url}: {response.status_code}"
    return response.get_data(as_text=True)


def leftovers_on(pages: list[Page], language: str) -> list[Finding]:
    return [finding for page in pages for finding in english_leftovers(page.name, visit(page, language), language)]


def report(findings: list[Finding]) -> str:
    """The findings grouped by where their msgid is (or 'unmarked'): each English text once, with its pages."""
    groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        source = finding.source if finding.msgid else "unmarked (no msgid: mark it, or give its element the lang of its content)"
        text = repr(finding.text) + (f" <- {finding.msgid!r}" if finding.msgid and finding.msgid != finding.text else "")
        groups[source][text].append(finding.url)
    lines = []
    for source, texts in sorted(groups.items()):
        lines.append(f"{source}:")
        for text, pages in sorted(texts.items()):
            shown = ", ".join(pages[:4]) + (f" and {len(pages) - 4} more pages" if len(pages) > 4 else "")
            lines.append(f"    {text}  [{shown}]")
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_is_left_on_any_page(app, courses, practice, peer_course, language):
    pages = every_page(app, language)
    findings = leftovers_on(pages, language)
    assert not findings, f"{len(findings)} English leftovers on pages in {language}:\n" + report(findings)


def test_an_unmarked_english_sentence_in_a_template_is_found(app, courses):
    """The check is not lenient: a copy of the catalogue's template with one sentence nobody
    marked, and one catalogue sentence written without _(), fails it (lms/ is left untouched)."""
    page = Page("catalogue", app.test_client(), "/", visitor=True)
    before = {(f.text, f.msgid) for f in leftovers_on([page], "fr")}
    source = app.jinja_env.loader.get_source(app.jinja_env, "catalog/index.html")[0]
    marker = "{% block content %}"
    assert marker in source
    planted = source.replace(marker, marker + "<p>Nobody translated this sentence for the readers.</p>"
                                              "<p>Forgot your password?</p>", 1)
    app.jinja_env.loader = ChoiceLoader([DictLoader({"catalog/index.html": planted}), app.jinja_env.loader])
    after = {(f.text, f.msgid) for f in leftovers_on([page], "fr")} - before
    assert ("Nobody translated this sentence for the readers.", None) in after  # no msgid: its English words give it away
    assert "Forgot your password" in {text for text, msgid in after if msgid}  # a msgid's words, found by the catalogue


SAMPLE = """<!doctype html><html lang="fr"><head><title>Cours · STEM Academy</title>
<script>var label = "Log out";</script></head><body>
<p>Log out</p><p lang="en">Skip to content</p><table><tr><th>Courses</th></tr></table>
<button aria-label="My learning">≡</button><p>Read this before you start.</p>
<h2 lang="en">Care and the Craft of Teaching</h2><progress aria-label="Progression : Care and the Craft of Teaching"></progress>
</body></html>"""


def test_the_check_reads_what_people_read_and_leaves_other_languages_out(app):
    found = {(finding.text, finding.msgid is not None) for finding in english_leftovers("sample", SAMPLE, "fr")}
    assert found == {("Log out", True), ("Courses", True), ("My learning", True),
                     ("Read this before you start.", False)}
