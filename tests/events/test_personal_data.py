"""What events holds about a person, in their data export; erasing them gives their place to the
next person waiting and leaves nothing of theirs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.events import personal_data, services
from lms.events.models import CodeAttempt, Feedback, Registration
from tests.conftest import NOW
from tests.events.conftest import make_event, make_people, register_all, statuses


def _everything(user_id: int) -> dict[str, list[dict]]:
    return {name: list(rows) for name, rows in personal_data.export(user_id)}


def test_the_export_lists_registrations_wrong_codes_and_feedback(app):
    event = make_event(capacity=2)
    [person] = make_people(1)
    register_all(event, [person])
    during = event.starts_at + timedelta(minutes=5)
    try:
        services.enter_code(event, person.id, "WRONG1", now=during)
    except Exception:  # noqa: BLE001  (a wrong code is refused, and counted)
        pass
    services.enter_code(event, person.id, event.attendance_code, now=during)
    services.give_feedback(event, person.id, rating=5, liked="The robots.", improve="", now=event.ends_at)
    db.session.commit()
    exported = _everything(person.id)
    [registration] = exported["event_registrations.json"]
    assert (registration["event"], registration["status"], registration["attendance_by"]) == (event.slug, "registered", "code")
    assert [row["rating"] for row in exported["event_feedback.json"]] == [5]
    assert len(exported["event_code_attempts.json"]) == 1


def test_erasing_someone_gives_their_place_to_the_next_person_and_leaves_nothing(app):
    event = make_event(capacity=1)
    holder, waiting = make_people(2)
    register_all(event, [holder, waiting])
    db.session.add(CodeAttempt(event_id=event.id, user_id=holder.id, attempted_at=NOW))
    db.session.commit()
    personal_data.erase(holder.id, now=NOW)
    db.session.commit()
    assert statuses(event) == {waiting.id: "registered"}
    for model in (Registration, CodeAttempt, Feedback):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.user_id == holder.id)) == 0
