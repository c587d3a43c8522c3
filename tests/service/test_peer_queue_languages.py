"""The review queue offers each reviewer work in a language they read first, and strands nobody:
work in a language nobody reads goes to anyone once it has waited past the claim timeout, and to a
reviewer with nothing else to review at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from lms.core.extensions import db
from lms.peer_review import services as peer_review
from lms.peer_review.models import Review, Submission
from tests.conftest import NOW
from tests.peer_helpers import PLACE, author_of, claim, learner
from tests.service.test_peer_concurrency import claim_at_once, exact_load, submission_of_user
from tests.service.test_peer_queue_order import FRESH_CLAIM_BUDGET, REPEATED_CLAIM_BUDGET

MINUTE = timedelta(minutes=1)
TIMEOUT = timedelta(hours=2)  # the fixture assignment's claim_timeout_hours


def person(name: str, *, language: str = "en", reads: list[str] | None = None):
    user = learner(NOW, name=name)
    user.language, user.reads_languages = language, reads or []
    db.session.commit()
    return user


def submit(user, now, language: str | None = None) -> None:
    peer_review.save_submission(user, *PLACE, text="My plan has five clear steps.", upload=None, upload_dir=None,
                                max_bytes=0, now=now, language=language)
    db.session.commit()


def test_a_french_reader_is_offered_the_french_work_before_older_english_work(app, peer_course):
    english, french = person("Emma"), person("Fanny", language="fr")
    submit(english, NOW, "en")
    submit(french, NOW + MINUTE, "fr")
    reviewer = person("Rita", reads=["fr", "it"])  # an English interface, reading French and Italian
    submit(reviewer, NOW + 2 * MINUTE)
    # Both have no review; the English work is older, yet Rita reads French.
    assert author_of(claim(reviewer, NOW + 3 * MINUTE)) == french.id
    # An English reader still gets the oldest work they read.
    other = person("Otto")
    submit(other, NOW + 4 * MINUTE)
    assert author_of(claim(other, NOW + 5 * MINUTE)) == english.id


def test_a_reviewer_who_lists_no_languages_reads_their_interface_language(app, peer_course):
    english, german = person("Emma"), person("Gerd", language="de")
    submit(english, NOW, "en")
    submit(german, NOW + MINUTE)  # unsaid: the author's interface language
    assert db.session.scalar(select(Submission.language).where(Submission.id == submission_of_user(german.id))) == "de"
    reviewer = person("Dora", language="de")
    submit(reviewer, NOW + 2 * MINUTE)
    assert author_of(claim(reviewer, NOW + 3 * MINUTE)) == german.id


def test_work_nobody_reads_goes_to_others_once_it_has_waited_past_the_claim_timeout(app, peer_course):
    italian = person("Ivo", language="it")
    submit(italian, NOW, "it")
    english = [person(f"Emma {n}") for n in range(3)]
    for n, author in enumerate(english):
        submit(author, NOW + (n + 1) * MINUTE, "en")
    # Within the claim timeout an English reader is offered English work, though the Italian is older.
    assert author_of(claim(english[0], NOW + 10 * MINUTE)) == english[1].id
    # Past it, the Italian work is in the usual order for everyone: no review yet, the oldest.
    assert author_of(claim(english[1], NOW + TIMEOUT + MINUTE)) == italian.id


def test_a_reviewer_with_only_other_languages_left_is_offered_them_at_once(app, peer_course):
    italian = person("Ivo", language="it")
    submit(italian, NOW, "it")
    reviewer = person("Emma")
    submit(reviewer, NOW + MINUTE)
    given = claim(reviewer, NOW + 2 * MINUTE)  # well within the timeout: nothing else to review
    assert given is not None and author_of(given) == italian.id


def test_work_saved_without_a_language_is_offered_to_everyone(app, peer_course):
    unsaid, french = person("Uma"), person("Fanny", language="fr")
    submit(unsaid, NOW)
    submit(french, NOW + MINUTE, "fr")
    db.session.execute(update(Submission).where(Submission.id == submission_of_user(unsaid.id)).values(language=None))
    db.session.commit()  # as work saved before submissions had a language
    reviewer = person("Rita", reads=["fr"])
    submit(reviewer, NOW + 2 * MINUTE)
    assert author_of(claim(reviewer, NOW + 3 * MINUTE)) == unsaid.id  # older, and anyone may take it


def test_preferring_languages_costs_no_statement_more(app, peer_course, count_queries):
    authors = [person(f"Author {n}", language=("en", "fr", "de")[n % 3]) for n in range(12)]
    for n, author in enumerate(authors):
        submit(author, NOW + n * MINUTE)
    reviewer = person("Rita", reads=["fr", "de"])
    submit(reviewer, NOW + 20 * MINUTE)
    with count_queries() as fresh:
        first = claim(reviewer, NOW + 30 * MINUTE)
    with count_queries() as repeated:
        assert claim(reviewer, NOW + 30 * MINUTE).id == first.id
    assert author_of(first) == authors[1].id  # the oldest work in French or German
    assert len(fresh) <= FRESH_CLAIM_BUDGET, "\n".join(fresh)
    assert len(repeated) <= REPEATED_CLAIM_BUDGET, "\n".join(repeated)
    # Nothing left in the languages Paola reads: one more walk of the queue finds the rest.
    paola = person("Paola", reads=["it"])
    submit(paola, NOW + 21 * MINUTE)
    with count_queries() as elsewhere:
        assert claim(paola, NOW + 30 * MINUTE) is not None
    assert len(elsewhere) <= FRESH_CLAIM_BUDGET + 1, "\n".join(elsewhere)


def test_sixteen_reviewers_of_three_languages_at_once_each_take_the_best_work_they_read_and_none_claims_twice(app, peer_course):
    """Replayed in the order the claims were taken, each went to the least loaded, oldest work among
    what its reviewer reads (or what waited past the timeout), and each reviewer holds one claim."""
    codes = ("fr", "de", "en", "it")
    people = [person(f"Learner {n}", language=codes[n % 4], reads=[codes[n % 4]] if n % 4 != 3 else ["en", "it"])
              for n in range(28)]
    for n, author in enumerate(people):
        submit(author, NOW + n * MINUTE - TIMEOUT * (n < 4))  # the first four have waited past the timeout
    later = NOW + 40 * MINUTE
    reviewers = people[12:]
    assert claim_at_once(app, [reviewer.id for reviewer in reviewers], later) == []
    db.session.expire_all()
    taken = db.session.scalars(select(Review).where(Review.claimed_at == later).order_by(Review.id)).all()
    assert sorted(review.reviewer_id for review in taken) == sorted(reviewer.id for reviewer in reviewers)  # one each
    rows = {row.id: row for row in db.session.execute(select(Submission.id, Submission.language, Submission.submitted_at))}
    loads = {submission: exact_load(submission, later) - sum(r.submission_id == submission for r in taken) for submission in rows}
    reads = {reviewer.id: set(reviewer.reads_languages) for reviewer in reviewers}
    for review in taken:
        def order(submission: int) -> tuple:
            row = rows[submission]
            readable = row.language in reads[review.reviewer_id] or row.submitted_at <= later - TIMEOUT
            return (not readable, loads[submission], row.submitted_at, submission)
        best = min((s for s in rows if s != submission_of_user(review.reviewer_id)), key=order)
        assert review.submission_id == best, "a claim went past work its reviewer reads, or to more loaded or newer work"
        loads[review.submission_id] += 1
