"""What programmes hold about a person, in their data export and gone with their erasure: programme
enrolments, workshops, and placements with their supervisor's name and e-mail."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.programmes import personal_data, services
from lms.programmes.models import PlacementRecord, ProgrammeEnrolment, WorkshopAttendance
from tests.conftest import NOW
from tests.programmes.conftest import SLUG, enrolled, tutor

DETAILS = services.PlacementDetails("Central Library", "2017-09-01", "2017-09-29", "32", "A report.", "Sam Super",
                                    "sam@host.example")


def test_the_export_holds_the_placement_with_its_supervisor_and_erasure_deletes_it(app, programme):
    user = enrolled()
    confirmer = tutor()
    services.confirm_workshop(confirmer, SLUG, user.id, title="Maker club", attended_on=date(2017, 9, 12), now=NOW)
    services.save_placement(user, SLUG, DETAILS, now=NOW)
    db.session.commit()
    exported = {name: list(rows) for name, rows in personal_data.export(user.id)}
    assert exported["programmes.json"][0]["programme"] == SLUG
    assert exported["programme_workshops.json"][0]["title"] == "Maker club"
    placement = exported["programme_placements.json"][0]
    assert placement["supervisor_email"] == "sam@host.example" and placement["report"] == "A report."
    assert set(exported) <= set(personal_data.README)
    personal_data.erase(confirmer.id, now=NOW)  # the tutor goes: the workshop stays, without them
    assert db.session.scalar(select(WorkshopAttendance.confirmed_by_id)) is None
    personal_data.erase(user.id, now=NOW)
    db.session.commit()
    for model in (PlacementRecord, WorkshopAttendance, ProgrammeEnrolment):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    assert services.record_of(user.id) == []
