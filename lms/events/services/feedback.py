"""After the event: each attendee answers a short form once (a rating from 1 to 5 and two
questions); organisers see how the ratings spread, drawn as a chart, and the share who found
it valuable (4 or 5), as in "85 % found them extremely valuable"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import DomainError, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.events.models import Event, Feedback, Registration

VALUABLE = (4, 5)
TEXT_MAX = 5000
COMMENTS_SHOWN = 100


class FeedbackNotOpen(DomainError):
    http_status = 409


def can_give_feedback(event: Event, user_id: int | None, *, now: datetime) -> bool:
    """An attendee, once the event has ended, who has not answered yet."""
    if user_id is None or now < event.ends_at:
        return False
    attended = db.session.scalar(select(Registration.attended_at).where(
        Registration.event_id == event.id, Registration.user_id == user_id))
    answered = db.session.scalar(select(Feedback.id).where(Feedback.event_id == event.id, Feedback.user_id == user_id))
    return attended is not None and answered is None


def give_feedback(event: Event, user_id: int, *, rating: int | None, liked: str, improve: str, now: datetime) -> bool:
    """Record the answer (once: a second answer is refused, a double click keeps the first).
    Returns whether it is new."""
    if now < event.ends_at:
        raise FeedbackNotOpen(gettext("The feedback form opens when the event ends."))
    attended = db.session.scalar(select(Registration.attended_at).where(
        Registration.event_id == event.id, Registration.user_id == user_id))
    if attended is None:
        raise FeedbackNotOpen(gettext("Only people who attended the event can give feedback."))
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError("rating", gettext("Choose a rating from 1 to 5."))
    for name, text in (("liked", liked), ("improve", improve)):
        if len(text) > TEXT_MAX:
            raise ValidationError(name, gettext("Write at most 5,000 characters."))
    inserted = db.session.execute(insert_ignoring_duplicates(Feedback, conflict_columns=["event_id", "user_id"]).values(
        event_id=event.id, user_id=user_id, rating=rating, liked=liked.strip(), improve=improve.strip(), created_at=now))
    return bool(inserted.rowcount)


@dataclass(frozen=True)
class Results:
    counts: dict[int, int]  # rating -> answers
    total: int
    valuable: int  # answers rating 4 or 5
    attendees: int
    comments: list[tuple[int, str, str]]  # rating, liked, improve (newest first)

    @property
    def valuable_share(self) -> float | None:
        return self.valuable / self.total if self.total else None

    @property
    def average(self) -> float | None:
        return sum(rating * count for rating, count in self.counts.items()) / self.total if self.total else None


def results(event: Event) -> Results:
    counts = dict.fromkeys(range(1, 6), 0)
    for rating, count in db.session.execute(select(Feedback.rating, func.count()).where(Feedback.event_id == event.id)
                                            .group_by(Feedback.rating)):
        counts[rating] = count
    attendees = db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.attended_at.is_not(None)))
    comments = db.session.execute(select(Feedback.rating, Feedback.liked, Feedback.improve).where(
        Feedback.event_id == event.id, (Feedback.liked != "") | (Feedback.improve != ""))
        .order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(COMMENTS_SHOWN)).all()
    total = sum(counts.values())
    return Results(counts, total, counts[4] + counts[5], attendees, list(comments))


CHART_WIDTH, CHART_ROW, CHART_BAR, CHART_LABEL, CHART_FIGURES = 320, 28, 16, 28, 70


@dataclass(frozen=True)
class Bar:
    rating: int
    y: float
    width: float
    count: int
    text_y: float
    value_x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    label_width: int
    bars: tuple[Bar, ...]


def chart(counts: dict[int, int]) -> Chart:
    """Horizontal bars, one per rating from 5 down to 1, each as long as its count over the largest."""
    largest = max(counts.values(), default=0) or 1
    room = CHART_WIDTH - CHART_LABEL - CHART_FIGURES
    bars = []
    for index, rating in enumerate(range(5, 0, -1)):
        top = index * CHART_ROW + 6
        width = max(1.0, round(room * counts.get(rating, 0) / largest, 1))
        bars.append(Bar(rating, top, width, counts.get(rating, 0), top + CHART_BAR - 3, CHART_LABEL + width + 6))
    return Chart(CHART_WIDTH, 5 * CHART_ROW + 6, CHART_BAR, CHART_LABEL, tuple(bars))
