"""One corpus of odd input sent to every route, as an anonymous visitor, a learner and a tutor:
ids beyond any column, negative ids, NUL and other control characters, very long strings,
unusual Unicode and ".." in every path variable; the same odd values in every field of every
form the pages offer. Bad input gets a 404 or the form's own message, never a 500, on SQLite
and on PostgreSQL (run through scripts/with_postgres.sh).

Examples of every route are found by crawling the pages each person sees, so a route added
later is covered without touching this file."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from lms.core.extensions import db
from lms.peer_review import services as peer_review
from lms.peer_review.models import Review
from tests.conftest import NOW
from tests.factories import log_in, make_awarded_badge, make_enrolment, make_submission_with_reviews, make_user, run_of
from tests.peer_helpers import claim
from tests.peer_helpers import submit as submit_work

# Sent as they are in the address (percent-encoded): the server decodes them.
ODD_SEGMENTS = [
    "9223372036854775808", "99999999999999999999999999", "2147483648", "-1", "0", "%00", "a%00b",
    "%01%1B%7F", "x" * 2000, "%C3%A9t%C3%A9%F0%9F%98%80%E2%80%AE", "..", "%2e%2e", "%FF%FE", "%0D%0Ax", "%20",
]
WORDS = "Enough honest words to pass any minimum length a form may ask for. " * 12
ODD_TEXTS = [
    "a\x00b", WORDS + "\x00" + WORDS, "bell\x07escape\x1bdel\x7f", "line\rbreak", "x" * 100_000, "9223372036854775808", "-1",
    "\u00e9\U0001F600\u202e\ufeff", "../../etc/passwd", "",
]
# Values for path variables no page links to (a reset token arrives by e-mail).
FALLBACK = {"token": "abc", "key_id": "key", "filename": "picture.png"}
VARIABLE = re.compile(r"<(?:[^<>:]+:)?(\w+)>")
NEVER_POSTED = {"auth.logout"}  # it would end the session the rest of the corpus needs
PAGES_PER_ROUTE = 2


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class PageReader(HTMLParser):
    """The links and POST forms of a page, each form with a sensible value in every field."""

    def __init__(self, url: str):
        super().__init__()
        self.url, self.links, self.forms = url, [], []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        target = attributes.get("href") or attributes.get("src")
        if tag in ("a", "img") and target:
            self.links.append(urljoin(self.url, target))
        elif tag == "form":
            post = attributes.get("method", "get").lower() == "post"
            self._form = Form(urljoin(self.url, attributes.get("action") or self.url)) if post else None
            if self._form:
                self.forms.append(self._form)
        elif self._form is not None:
            self._field(tag, attributes)
        elif tag == "input" and attributes.get("value", "").startswith("http"):  # an address to copy (the calendar's)
            self.links.append(attributes["value"])

    def _field(self, tag: str, attributes: dict) -> None:
        fields, name = self._form.fields, attributes.get("name")
        if tag == "option" and self._select:
            fields.setdefault(self._select, attributes.get("value", ""))
        elif not name:
            return
        elif tag == "textarea":
            self._textarea = name
            fields[name] = ""
        elif tag == "select":
            self._select = name
        elif attributes.get("type") in ("radio", "submit", "checkbox"):
            if attributes.get("type") != "checkbox" or "checked" in attributes:
                fields.setdefault(name, attributes.get("value") or "on")
        elif tag in ("input", "button"):
            kind = attributes.get("type", "text")
            fields[name] = attributes.get("value") or {"email": "someone@example.org", "number": "1"}.get(kind, "text")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._form is not None and self._textarea:
            self._form.fields[self._textarea] = self._form.fields[self._textarea] or "Some honest text."
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


class Corpus:
    """Sends requests as one person and keeps every answer that is a server error."""

    def __init__(self, app, client):
        self.app, self.client, self.failures = app, client, []
        self.adapter = app.url_map.bind("localhost")
        self.examples: dict[str, list[dict]] = {}
        self.forms: dict[tuple, Form] = {}

    def send(self, method: str, url: str, data: dict | None = None):
        try:
            response = self.client.open(url, method=method, data=data)
        except Exception as error:  # the test app re-raises what would have been a 500
            self.failures.append(f"{method} {url[:120]} {data and {k: v[:20] for k, v in data.items()}}: {error!r}"[:400])
            return None
        response.get_data()  # read a streamed file whole, then let it go
        response.close()
        if response.status_code >= 500:
            self.failures.append(f"{method} {url[:120]}: {response.status_code}")
        return response

    def crawl(self, seeds: list[str]) -> None:
        """Visit what the person can reach, at most PAGES_PER_ROUTE pages per route."""
        queue, seen = deque(seeds), set()
        while queue:
            url = queue.popleft()
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost") or parts.path in seen:
                continue
            seen.add(parts.path)
            endpoint, values = self._match(parts.path)
            if endpoint is None or len(self.examples.setdefault(endpoint, [])) >= PAGES_PER_ROUTE:
                continue
            self.examples[endpoint].append(values)
            response = self.send("GET", parts.path)
            if response is None or response.mimetype != "text/html":
                continue
            page = PageReader(parts.path)
            page.feed(response.get_data(as_text=True))
            queue.extend(page.links)
            for form in page.forms:
                self.forms.setdefault((self._match(urlsplit(form.action).path)[0], *sorted(form.fields)), form)

    def _match(self, path: str) -> tuple[str | None, dict]:
        try:
            return self.adapter.match(path, method="GET")
        except HTTPException:
            try:
                return self.adapter.match(path, method="POST")
            except HTTPException:
                return None, {}

    def csrf_token(self) -> str:
        """The session's CSRF token, as any of its forms carries it."""
        return next(form.fields["csrf_token"] for form in self.forms.values() if "csrf_token" in form.fields)


def odd_paths(app, examples: dict[str, list[dict]]):
    """Every rule with one variable at a time replaced by each odd segment (the others real)."""
    for rule in app.url_map.iter_rules():
        names = VARIABLE.findall(rule.rule)
        real = (examples.get(rule.endpoint) or [{}])[0]
        for odd_name in names:
            for odd in ODD_SEGMENTS:
                path = VARIABLE.sub(lambda m: odd if m.group(1) == odd_name else _real(m.group(1), real, examples), rule.rule)
                for method in sorted(rule.methods & {"GET", "POST"}):
                    yield method, path, rule.endpoint


def _real(name: str, real: dict, examples: dict[str, list[dict]]) -> str:
    value = real.get(name) or next((values[name] for found in examples.values() for values in found if name in values),
                                   FALLBACK.get(name, "x"))
    return quote(str(value))


def odd_bodies(form: Form):
    """The form with one field at a time set to each odd text, then every field at once."""
    names = [name for name in form.fields if name != "csrf_token"]
    for odd in ODD_TEXTS:
        for name in names:
            yield {**form.fields, name: odd}
        if len(names) > 1:
            yield {**form.fields, **{name: odd for name in names}}


@pytest.fixture
def people(app, courses, peer_course):
    """Three clients (nobody, a learner with work, reviews and a badge, a tutor of every course),
    each with the pages where their data lives, to start crawling from."""
    author, submission = make_submission_with_reviews(NOW)
    make_enrolment(author, "stem-careers", now=NOW)
    late = make_user(now=NOW)
    make_enrolment(late, "peer", now=NOW)
    submit_work(late, NOW)
    mine = claim(author, NOW)  # the author has a review of someone else's work in hand
    review = db.session.scalar(db.select(Review).where(Review.submitted_at.is_not(None)))
    peer_review.flag(author, review.id, target="review", reason=next(iter(peer_review.FLAG_REASONS)), note="Rude.", now=NOW)
    make_awarded_badge(author, "stem-careers-introduction", now=NOW)
    tutor = make_user(email="tutor@example.org", now=NOW)
    from lms.courses.services.staffing import make_tutor

    for slug in ("stem-careers", "peer"):
        make_tutor(tutor, slug)
    db.session.commit()
    clients = {"anonymous": app.test_client(), "learner": app.test_client(), "tutor": app.test_client()}
    log_in(clients["learner"], author.email)
    log_in(clients["tutor"], tutor.email)
    activities = [f"/courses/stem-careers/modules/introduction/activities/{slug}" for slug in ("course-basics", "my-starting-point")]
    return {"anonymous": (clients["anonymous"], ["/courses/peer"]),
            "learner": (clients["learner"], [f"/reviews/{mine.id}", "/courses/peer/modules/plan/assignments/plan", *activities]),
            "tutor": (clients["tutor"], [f"/tutor/submissions/{submission.id}", "/tutor/courses/stem-careers/awards",
                                         f"/tutor/courses/peer/runs/{run_of('peer').slug}/assignments/{submission.activity_id}"])}


@pytest.mark.parametrize("person", ["anonymous", "learner", "tutor"])
def test_odd_input_on_every_route_and_form_never_gets_a_server_error(app, people, person):
    client, seeds = people[person]
    corpus = Corpus(app, client)
    plain = [rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and "<" not in rule.rule]
    corpus.crawl([*seeds, "/", "/dashboard", "/tutor/", "/my/badges", "/account", "/notifications", *plain])
    token = corpus.csrf_token()
    for method, path, endpoint in odd_paths(app, corpus.examples):
        if method == "GET" or endpoint not in NEVER_POSTED:
            corpus.send(method, path, {"csrf_token": token} if method == "POST" else None)
    for (endpoint, *_), form in corpus.forms.items():
        if endpoint not in NEVER_POSTED:
            for body in odd_bodies(form):
                corpus.send("POST", urlsplit(form.action).path, body)
    assert not corpus.failures, f"{len(corpus.failures)} server errors:\n" + "\n".join(corpus.failures[:25])
    assert len(corpus.examples) >= {"anonymous": 12, "learner": 22, "tutor": 20}[person]  # the crawl went places
