"""The benchmark's cohort as rows: what bench/generate inserts, a chunk of learners at a time
(so that memory and every statement stay bounded whatever the size), and the names bench/load
uses to find it again."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

COURSE = "stem-careers"
RUN = "bench"
PASSWORD = "bench-password-2017"
TUTOR_EMAIL = "tutor@bench.example"
SIZES = {"S": 100, "M": 1_000, "L": 10_000, "XL": 50_000}
CHUNK = 5_000  # rows per executemany; SQLAlchemy splits it further into multi-row INSERTs
LEARNERS_PER_CHUNK = 1_000  # learners whose work is built and inserted together


def chunks(rows: list, size: int = CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def learner_email(number: int) -> str:
    return f"learner{number:06d}@bench.example"


def user_rows(numbers: range, password_hash: str, created_at: datetime) -> list[dict]:
    return [{"email": learner_email(i), "name": f"Learner {i}", "password_hash": password_hash,
             "timezone": "Europe/Brussels", "language": "en", "is_admin": False, "session_token": secrets.token_hex(16),
             "created_at": created_at, "email_muted": [], "calendar_token": secrets.token_urlsafe(24),
             "show_name_publicly": False, "email_verified_at": created_at, "last_active_at": created_at} for i in numbers]


@dataclass
class Plan:
    """The run and the course's structure, as loaded once by bench/generate."""

    run: object
    course: object
    modules: list
    units: dict  # module id -> units in order
    activities: dict  # module id -> activities
    badges: dict  # module id -> badge class


@dataclass
class Learner:
    user_id: int
    enrolment_id: int
    email: str


def work_rows(plan: Plan, rng: random.Random, learners: list[Learner]) -> dict[str, list[dict]]:
    """Progress spread over the modules (a triangular distribution peaking at 80 % of the
    course), with quiz attempts, reflections, submissions, module badges and the release
    notifications of every module but the last (bench/load times announcing that one)."""
    rows: dict[str, list[dict]] = {name: [] for name in (
        "unit", "module", "quiz", "reflection", "submission", "notification", "assertion", "completion")}
    count = len(plan.modules)
    for learner in learners:
        reached = min(count, int(rng.triangular(0, count + 1, count * 0.8)))
        for index, module in enumerate(plan.modules):
            when = plan.run.starts_at + timedelta(days=index * 3.5 + rng.random() * 3)
            if index < reached:
                _finished_module(plan, rng, learner, module, when, rows)
            elif index == reached and plan.units[module.id]:
                for unit in plan.units[module.id][: rng.randint(0, len(plan.units[module.id]) - 1)]:
                    rows["unit"].append({"enrolment_id": learner.enrolment_id, "unit_id": unit.id, "completed_at": when})
            if index < count - 1:
                rows["notification"].append(_announced(plan, rng, learner, module, when))
        if reached == count:
            rows["completion"].append({"enrolment_id": learner.enrolment_id,
                                       "completed_at": plan.run.starts_at + timedelta(days=30)})
    return rows


def _finished_module(plan: Plan, rng: random.Random, learner: Learner, module, when: datetime, rows: dict) -> None:
    enrolment_id = learner.enrolment_id
    for unit in plan.units[module.id]:
        rows["unit"].append({"enrolment_id": enrolment_id, "unit_id": unit.id, "completed_at": when})
    for activity in plan.activities[module.id]:
        if activity.kind == "quiz":
            tries = rng.choice((1, 1, 2))
            for number in range(1, tries + 1):
                rows["quiz"].append({"enrolment_id": enrolment_id, "activity_id": activity.id, "number": number,
                                     "answers": [[0]] * len(activity.spec["questions"]),
                                     "score": 100 if number == tries else 40, "passed": number == tries, "submitted_at": when})
        elif activity.kind == "reflection":
            rows["reflection"].append({"enrolment_id": enrolment_id, "activity_id": activity.id,
                                       "text": "Reflection text " * 20, "submitted_at": when, "updated_at": when})
        elif activity.kind == "assignment":  # discussion prompts: bench/forums.py writes the posts
            rows["submission"].append({"activity_id": activity.id, "enrolment_id": enrolment_id, "run_id": plan.run.id,
                                       "text": "A plan. " * 60, "html": "<p>" + "A plan. " * 60 + "</p>",
                                       "submitted_at": when, "updated_at": when, "locked_at": when})
    has_assignment = int(any(a.kind == "assignment" for a in plan.activities[module.id]))
    rows["module"].append({"enrolment_id": enrolment_id, "module_id": module.id, "units_done": len(plan.units[module.id]),
                           "quizzes_passed": 1, "reflections_done": 1, "assignments_done": has_assignment,
                           "assignments_submitted": has_assignment, "completed_at": when})
    badge = plan.badges.get(module.id)
    if badge:
        rows["assertion"].append({"uid": secrets.token_urlsafe(16), "badge_class_id": badge.id, "user_id": learner.user_id,
                                  "run_id": plan.run.id, "recipient_email": learner.email, "salt": secrets.token_hex(16),
                                  "issued_on": when, "evidence": "Completed the module."})


def _announced(plan: Plan, rng: random.Random, learner: Learner, module, when: datetime) -> dict:
    course, run = plan.course, plan.run
    return {"user_id": learner.user_id, "kind": "module_opened", "key": f"module_opened:{run.id}:{module.id}",
            "created_at": when, "read_at": when if rng.random() < 0.7 else None, "email_status": "sent",
            "email_attempts": 1, "email_sent_at": when,
            "payload": {"course": course.slug, "course_title": course.title, "module": module.slug,
                        "module_title": module.title, "opens_at": when.isoformat(), "run": run.slug}}


def review_rows(rng: random.Random, items: list[tuple[int, int]], enrolments: dict[int, int], starts_at: datetime) -> list[dict]:
    """Finished reviews of one assignment's submissions ((submission, author) in order), from the
    next learners along: two for nine in ten, one for the rest, so that those stand one review
    short of their quota (bench/claims.py relies on it to see races)."""
    reviews = []
    if len(items) <= 2:
        return reviews
    authors = [author for _, author in items]
    for position, (submission_id, _) in enumerate(items):
        for step in (1, 2) if rng.random() < 0.9 else (1,):
            reviewer = authors[(position + step) % len(authors)]
            reviews.append({"submission_id": submission_id, "reviewer_id": reviewer, "reviewer_enrolment_id": enrolments[reviewer],
                            "status": "done", "volunteer": False, "by_tutor": False, "claimed_at": starts_at,
                            "expires_at": starts_at + timedelta(hours=2), "submitted_at": starts_at + timedelta(hours=1),
                            "scores": [2, 2, 2, 2], "comments": ["Clear and specific."] * 4, "feedback": "Good plan."})
    return reviews
