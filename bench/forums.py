"""The benchmark run's discussions as rows: threads in the course-wide forum and in each open
module's forum, about two posts per learner (L: about 20,000), replies about four per thread
with a long tail and a few threads of a thousand replies and more (the thread page is measured
on one), with the follows, read marks, helpful marks, edits and reports that go with them.

Rows carry their ids (numbered on from the tables' largest), so that a thread's last post, a
quote and a mark name their post without reading anything back; rows are built and inserted a
batch of threads at a time. Every thread's ``reply_count``, ``last_post_at`` and ``last_post_id``
are those of its posts; every poster follows the thread and has read it up to their own post."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from forum_texts import TITLES

POSTS_PER_LEARNER = 2
POSTS_PER_BATCH = 5_000  # threads are built and inserted in batches of about this many posts
MAX_REPLIES = 400  # the long tail of ordinary threads
TUTOR_SHARE = 0.03  # replies written by the tutor
COURSE_WIDE_SHARE = 0.35  # ordinary threads in the course-wide forum; the rest in the modules'
ROLES = ("head_of_school", "teacher", "teacher", "careers_counsellor", "librarian", "teacher", "community")
COUNTRIES = ("BE", "FR", "IT", "ES", "DE", "NL", "PT", "IE", "PL", "GR", "FI")
TABLES = ("threads", "posts", "follows", "reads", "helpful", "revisions", "reports")


@dataclass(frozen=True)
class Forum:
    module_id: int | None  # None: the course-wide forum
    opens_at: datetime
    prompt_ids: tuple[int, ...]  # the module's ```discussion blocks (activities of kind "discussion")


@dataclass(frozen=True)
class Shape:
    """One thread to build: its forum (an index into the forums) and how many replies it gets."""

    forum: int
    replies: int
    big: bool = False  # started in the run's first days, busy ever since
    authors: tuple[int, ...] = ()  # who writes its posts, in order (else anyone)


@dataclass
class Writers:
    """Who writes and what: the run, its learners' user ids, the tutor, the texts rendered once."""

    run_id: int
    learners: list[int]
    tutor_id: int
    now: datetime
    texts: list[tuple[str, str]]  # (Markdown, sanitised HTML)
    forums: list[Forum]
    next_id: dict[str, int] = field(default_factory=dict)  # table -> the next id to give

    def take(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table] - 1


def bench_opening(starts_at: datetime, index: int) -> datetime:
    """The bench run's rule (three modules at the start, then two every seven days)."""
    return starts_at if index < 3 else starts_at + timedelta(days=7 * ((index - 3) // 2 + 1))


def _replies(rng: random.Random, most: int) -> int:
    """An ordinary thread's replies: log-normal, mean about 4, a quarter without any, a long tail."""
    return max(0, min(MAX_REPLIES, int(rng.lognormvariate(0.78, 1.2)), most))


def shapes(rng: random.Random, learners: int, forums: int, required: dict[int, list[int]]) -> list[Shape]:
    """The threads: first those that the completion rule asks for (``required``: forum -> the
    learners who completed its module, once per post the rule needs: their threads and replies
    among themselves), then 1 + learners // 5,000 big ones in the course-wide forum (10-15 % of the
    cohort in replies each: 1,000-1,500 at L), then ordinary ones until the posts reach two per
    learner."""
    budget = POSTS_PER_LEARNER * learners
    found = []
    for forum, writers in required.items():
        writers = writers[:]
        rng.shuffle(writers)
        while writers:
            size = 1 + _replies(rng, len(writers) - 1)
            found.append(Shape(forum, size - 1, authors=tuple(writers[:size])))
            writers = writers[size:]
            budget -= size
    for _ in range(1 + learners // 5_000):
        replies = max(30, int(learners * rng.uniform(0.10, 0.15)))
        found.append(Shape(0, replies, big=True))
        budget -= replies + 1
    while budget > 0:
        replies = _replies(rng, budget - 1)
        forum = 0 if forums == 1 or rng.random() < COURSE_WIDE_SHARE else _module_forum(rng, forums)
        found.append(Shape(forum, replies))
        budget -= replies + 1
    rng.shuffle(found)
    return found


def _module_forum(rng: random.Random, forums: int) -> int:
    """Earlier modules are busier: more of the cohort has reached them."""
    weights = [forums - index for index in range(1, forums)]
    return rng.choices(range(1, forums), weights)[0]


def batches(found: list[Shape]):
    batch, posts = [], 0
    for shape in found:
        batch.append(shape)
        posts += shape.replies + 1
        if posts >= POSTS_PER_BATCH:
            yield batch
            batch, posts = [], 0
    if batch:
        yield batch


def batch_rows(writers: Writers, rng: random.Random, batch: list[Shape]) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    for shape in batch:
        _thread(writers, rng, shape, rows)
    return rows


def _thread(writers: Writers, rng: random.Random, shape: Shape, rows: dict) -> None:
    forum = writers.forums[shape.forum]
    thread_id = writers.take("threads")
    latest = writers.now - timedelta(hours=2)
    created = forum.opens_at + (latest - forum.opens_at) * (rng.random() * 0.05 if shape.big else rng.random() ** 0.7)
    span = min(latest - created, timedelta(hours=8) * (shape.replies + 1))
    times = [created] + sorted(created + span * rng.random() for _ in range(shape.replies))
    authors = list(shape.authors) or [rng.choice(writers.learners)] + [
        writers.tutor_id if rng.random() < TUTOR_SHARE else rng.choice(writers.learners) for _ in range(shape.replies)]
    posts = [_post(writers, rng, thread_id, forum, author, when, rows) for author, when in zip(authors, times)]
    _quotes(rng, posts)
    rows["posts"].extend(posts)
    last = posts[-1]
    replies = [post["id"] for post in posts[1:]]
    rows["threads"].append({
        "id": thread_id, "run_id": writers.run_id, "module_id": forum.module_id, "author_id": authors[0],
        "prompt_id": rng.choice(forum.prompt_ids) if forum.prompt_ids and (shape.authors or rng.random() < 0.3) else None,
        "title": rng.choice(TITLES), "created_at": created, "last_post_at": last["created_at"], "last_post_id": last["id"],
        "reply_count": shape.replies, "pinned_at": created + timedelta(hours=1) if rng.random() < 0.01 else None,
        "locked_at": last["created_at"] if rng.random() < 0.005 else None, "hidden_at": None,
        "endorsed_post_id": rng.choice(replies) if replies and rng.random() < 0.08 else None})
    _follows_and_reads(writers, rng, thread_id, posts, rows)


def _post(writers: Writers, rng: random.Random, thread_id: int, forum: Forum, author: int, when: datetime, rows: dict) -> dict:
    post_id = writers.take("posts")
    text, html = rng.choice(writers.texts)
    post = {"id": post_id, "thread_id": thread_id, "run_id": writers.run_id, "module_id": forum.module_id,
            "author_id": author, "token": f"{post_id:032x}", "quoted_post_id": None, "text": text, "html": html,
            "language": None, "created_at": when, "edited_at": None, "deleted_at": None, "hidden_at": None,
            "helpful_count": 0}
    if rng.random() < 0.02:  # edited ten minutes later: the earlier words kept as its history
        before, before_html = rng.choice(writers.texts)
        post["edited_at"] = when + timedelta(minutes=10)
        rows["revisions"].append({"id": writers.take("revisions"), "post_id": post_id, "text": before, "html": before_html,
                                  "written_at": when, "replaced_at": post["edited_at"]})
    if rng.random() < 0.25:  # a long tail of helpful marks
        markers = {rng.choice(writers.learners) for _ in range(min(30, int(rng.paretovariate(1.2))))} - {author}
        post["helpful_count"] = len(markers)
        rows["helpful"].extend({"id": writers.take("helpful"), "post_id": post_id, "user_id": user, "created_at": when}
                               for user in sorted(markers))
    if rng.random() < 0.001:
        reporter = rng.choice(writers.learners)
        if reporter != author:
            rows["reports"].append({"id": writers.take("reports"), "post_id": post_id, "run_id": writers.run_id,
                                    "reporter_id": reporter, "reason": "off_topic", "note": "", "created_at": when,
                                    "resolved_at": None, "resolution": None, "resolved_by_id": None})
    return post


def _quotes(rng: random.Random, posts: list[dict]) -> None:
    """About one reply in seven quotes an earlier post of its thread."""
    for index in range(1, len(posts)):
        if rng.random() < 0.15:
            posts[index]["quoted_post_id"] = posts[rng.randrange(index)]["id"]


def _follows_and_reads(writers: Writers, rng: random.Random, thread_id: int, posts: list[dict], rows: dict) -> None:
    """Posters follow the thread from their first post and have read it up to their last one;
    up to three readers per post more (at most 200) have read part of it or all of it."""
    first_post: dict[int, dict] = {}
    read_up_to: dict[int, dict] = {}
    for post in posts:
        first_post.setdefault(post["author_id"], post)
        read_up_to[post["author_id"]] = post
    for user, post in first_post.items():
        rows["follows"].append({"id": writers.take("follows"), "thread_id": thread_id, "user_id": user,
                                "created_at": post["created_at"]})
    for _ in range(min(200, 3 * len(posts))):
        reader = rng.choice(writers.learners)
        if reader not in read_up_to:
            read_up_to[reader] = posts[-1] if rng.random() < 0.6 else posts[rng.randrange(len(posts))]
    for user, post in read_up_to.items():
        rows["reads"].append({"id": writers.take("reads"), "user_id": user, "thread_id": thread_id,
                              "last_read_post_id": post["id"], "read_at": post["created_at"]})
