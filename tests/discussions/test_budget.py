"""The thread list and the thread page cost the same whatever the forum: the same SQL statements,
none binding a parameter per thread, post or learner, for 3 threads (posts, learners) as for 120.

Thread list: the log-in, the reader's context (course, teaching, enrolment), the run's opening
overrides (a learner in a module's forum), the counts, the page: 5 of the 6 allowed.
Thread page: the log-in, the context, the overrides, the posts with everything their parts show,
the read mark: 5 of the 7 allowed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from lms.core.extensions import db
from lms.discussions.models import Follow, HelpfulMark, Post, PostReport
from tests.conftest import NOW
from tests.discussions.builders import many_replies, many_threads, module_of, start_thread
from tests.factories import make_learner, make_learner_client, make_tutor_client, run_of

LIST_BUDGET = 6
THREAD_BUDGET = 7
FORUM = "/courses/stem-careers/discussions/forums/introduction"


def visit(client, url: str, record_sql) -> tuple[list[tuple[str, int]], str]:
    with record_sql() as seen:
        response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    return seen, response.get_data(as_text=True)


def same_cost(small: list, large: list, budget: int) -> None:
    assert len(small) <= budget, "\n\n".join(statement for statement, _ in small)
    assert [statement for statement, _ in large] == [statement for statement, _ in small]
    assert max(count for _, count in large) == max(count for _, count in small)  # no parameter per row


def _learners(start: int, stop: int) -> list[int]:
    return [make_learner(now=NOW, email=f"b{n:04d}@school.example", name=f"Learner {n:04d}").id for n in range(start, stop)]


def _marks(thread_id: int, reader_id: int, learner_ids: list[int]) -> None:
    """Every learner marks every other post helpful and reports every fifth; the reader does too, and follows."""
    posts = db.session.scalars(select(Post.id).where(Post.thread_id == thread_id)).all()
    run_id = run_of("stem-careers").id
    helpful = [{"post_id": p, "user_id": u, "created_at": NOW} for p in posts[::2] for u in [*learner_ids, reader_id]]
    reports = [{"post_id": p, "run_id": run_id, "reporter_id": u, "reason": "spam", "note": "", "created_at": NOW}
               for p in posts[::5] for u in [*learner_ids[:3], reader_id]]
    existing = set(db.session.execute(select(HelpfulMark.post_id, HelpfulMark.user_id)).all())
    db.session.execute(insert(HelpfulMark), [row for row in helpful if (row["post_id"], row["user_id"]) not in existing])
    existing = set(db.session.execute(select(PostReport.post_id, PostReport.reporter_id)).all())
    if fresh := [row for row in reports if (row["post_id"], row["reporter_id"]) not in existing]:
        db.session.execute(insert(PostReport), fresh)
    db.session.commit()


def test_the_thread_list_costs_the_same_for_3_threads_as_for_120(app, courses, record_sql):
    ada, client = make_learner_client(app, now=NOW)
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    module = module_of("introduction")
    run = run_of("stem-careers")
    many_threads(run.id, ada.id, 3, module_id=module.id)
    client.get(FORUM)  # the course's modules are kept in memory from the first page on
    small, _ = visit(client, FORUM, record_sql)
    tutor_small, _ = visit(tutor, FORUM, record_sql)
    many_threads(run.id, ada.id, 117, module_id=module.id, start=3)
    _learners(0, 20)
    large, html = visit(client, FORUM, record_sql)
    tutor_large, _ = visit(tutor, FORUM, record_sql)
    same_cost(small, large, LIST_BUDGET)
    same_cost(tutor_small, tutor_large, LIST_BUDGET)
    assert "Threads 1–50 of 120" in html and "Thread 00119" in html and "Thread 00069" not in html
    after = visit(client, FORUM + "?after=70", record_sql)[0]  # a later page costs the same too
    assert len(after) <= LIST_BUDGET


def test_the_thread_page_costs_the_same_for_3_posts_as_for_120(app, courses, record_sql):
    ada, author = make_learner_client(app, now=NOW)
    posted = start_thread(ada, forum="introduction")
    url = f"/courses/stem-careers/discussions/threads/{posted.thread.id}"
    author.get(url)  # the course's modules are kept in memory from the first page on
    learners = _learners(0, 3)
    many_replies(posted.thread.id, learners, 2)
    reader, client = make_learner_client(app, now=NOW, email="reader@school.example")
    _marks(posted.thread.id, reader.id, learners)
    db.session.add(Follow(thread_id=posted.thread.id, user_id=reader.id, created_at=NOW))
    db.session.commit()
    small, _ = visit(client, url, record_sql)  # the first visit: the read mark is written
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    tutor_small, _ = visit(tutor, url, record_sql)

    learners += _learners(3, 120)
    many_replies(posted.thread.id, learners, 117, start=2, now=NOW + timedelta(hours=1))
    _marks(posted.thread.id, reader.id, learners)
    large, html = visit(client, url, record_sql)  # new posts on the page: the read mark moves
    _, other_tutor = make_tutor_client(app, "stem-careers", now=NOW)
    tutor_large, _ = visit(other_tutor, url, record_sql)
    same_cost(small, large, THREAD_BUDGET)
    same_cost(tutor_small, tutor_large, THREAD_BUDGET)
    assert "Posts 1–50 of 120" in html
    assert any(statement.lstrip().upper().startswith("INSERT") for statement, _ in large)  # the read mark, in the budget
