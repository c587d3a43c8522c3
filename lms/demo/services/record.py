"""The demo learner's learning record: a regional training day recorded as learning done
elsewhere, and it and the completed libraries course tagged with the practitioner standards they
served (the framework chosen in the record's settings). Through the record's own services, once."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from lms.record import services as record

if TYPE_CHECKING:
    from lms.accounts.models import User

FRAMEWORK = "practitioner-standards"
TOKEN = "demo-record-external-entry-1"  # the add form's token: a second run adds nothing
TRAINING = {
    "title": "Regional training day: STEM activities for under-fives",
    "provider": "County Library Service",
    "hours": "6",
    "note": "Sessions on sink-or-float and shadow play, choking hazards for under-threes, and how to "
            "talk with carers during an activity. **To try:** a take-home card after each STEM storytime.",
}
TAGS = {  # entry kind -> the standards' codes
    "external": ["1.2", "2.2", "2.4"],
    "course": ["2.1", "2.2", "3.1"],
}


def set_up_record(learner: User, *, upload_dir: Path, now: datetime) -> str | None:
    """Returns what was skipped (the standards framework not imported yet), else None."""
    framework = next((f for f in record.list_frameworks() if f.slug == FRAMEWORK), None)
    day = (now - timedelta(days=3)).date()  # last week: near the top of the record, newest first
    entry = record.add_entry(learner.id, TOKEN, record.EntryInput(started_on=day.isoformat(), **TRAINING), upload=None,
                             upload_dir=upload_dir, max_bytes=0, today=now.date(), now=now)
    if framework is None:
        return FRAMEWORK
    record.save_settings(learner.id, include_reflections=False, framework_id=framework.id)
    codes = {standard.code: standard.id for standard in record.framework_standards(framework.id)}
    record.set_tags(learner.id, f"external:{entry.id}", framework.id, [codes[code] for code in TAGS["external"]])
    course = next((line for line in record.entries_of(learner.id) if line.kind == "course" and line.ended is not None), None)
    if course is not None:
        record.set_tags(learner.id, f"course:{course.ref}", framework.id, [codes[code] for code in TAGS["course"]])
    return None
