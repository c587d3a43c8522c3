"""The event page for bench/load: a workshop whose places are taken and whose waiting list is
long (capacity 150; the pool of logged-in learners holds places, so each sees the online link and
the code form's state), measured as `event_page` beside hello world.

    bench/load --size L --pages event_page --phases pages

``prepare(app, learners)`` creates the event once (its slug is fixed) and registers 400 of the
generated learners, the pool first; a second run finds it and changes nothing."""

from __future__ import annotations

from datetime import timedelta

SLUG = "bench-workshop"
CAPACITY = 150
REGISTERED = 400


def paths() -> dict[str, tuple[str, str]]:
    """name -> (who asks, path), as bench/load.page_paths."""
    return {"event_page": ("learner", f"/events/{SLUG}")}


def prepare(app, learners: list[str]) -> None:
    from sqlalchemy import select

    from lms.accounts.models import User
    from lms.core import clock
    from lms.core.extensions import db
    from lms.events import services
    from lms.events.models import Event

    with app.app_context():
        if db.session.scalar(select(Event.id).where(Event.slug == SLUG)) is not None:
            return
        now = clock.now()
        starts = (now + timedelta(days=10)).replace(tzinfo=None, minute=0, second=0, microsecond=0)
        description = "\n\n".join(["A hands-on **workshop**: robots, sensors and careers in engineering."] * 6 +
                                  ["- build a line follower\n- plan a club\n- meet an engineer"])
        event = services.create_event(None, services.EventInput(
            title="Robotics for school librarians", kind="online_workshop", starts=starts, ends=starts + timedelta(hours=2),
            timezone="UTC", capacity=CAPACITY, slug=SLUG, description=description,
            online_link="https://meet.example.org/bench", presenters=["Ada Lovelace", "Grace Hopper"], awards_badge=True),
            now=now)
        db.session.commit()
        pool = list(db.session.scalars(select(User.id).where(User.email.in_(learners))))
        others = list(db.session.scalars(select(User.id).where(User.id.not_in(pool)).order_by(User.id)
                                         .limit(REGISTERED - len(pool))))
        for user_id in pool + others:
            services.register(event, user_id, now=now)
            db.session.commit()
