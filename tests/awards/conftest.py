"""Standalone badges and programme certificates: a badge drawn as PNG or SVG, a person and an organisation."""

from __future__ import annotations

import pytest

from lms.awards import services as awards
from lms.core.extensions import db
from tests.conftest import NOW, ROOT

PNG = ROOT / "content" / "stem-careers" / "badges" / "introduction.png"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
       '<circle cx="50" cy="50" r="45" fill="#0b5cad"/></svg>')
SCHOOL = "https://st-marys.example.ie/"


@pytest.fixture
def png_badge(tmp_path):
    image = tmp_path / "programme.png"
    image.write_bytes(PNG.read_bytes())
    return awards.StandaloneBadge(
        slug="stem-outreach-libraries-programme", name="STEM Outreach for Libraries",
        description="Completed the Postgraduate Certificate in STEM Outreach for Libraries.",
        criteria="Complete the **required courses**, one elective, two workshops and a placement.",
        image=image, tags=("STEM", "libraries"))


@pytest.fixture
def svg_badge(tmp_path):
    image = tmp_path / "bronze.svg"
    image.write_text(SVG)
    return awards.StandaloneBadge(slug="stem-award-bronze", name="STEM Award: Bronze",
                                  description="A setting where STEM learning has begun.",
                                  criteria="Three staff completed a STEM course; evidence of activities.", image=image)


def school(name="St Mary's National School", url=SCHOOL):
    return awards.Recipient(name=name, url=url)


def issue_to_school(badge, source="organisation-award:1", *, now=NOW):
    uid = awards.issue_standalone(source, badge, school(), [
        awards.EvidenceItem(name="STEM activities in the last year", narrative="Science week, a maker club."),
        awards.EvidenceItem(name="Assessor's decision", url="https://lms.example/organisations/1/award")], now=now)
    db.session.commit()
    return uid


def issue_to_person(badge, user, source=None, *, now=NOW):
    uid = awards.issue_standalone(source or f"programme:stem:user:{user.id}", badge,
                                  awards.Recipient(name=user.name, user_id=user.id),
                                  [awards.EvidenceItem(name="Badge: Introduction", url="https://lms.example/badges/x")], now=now)
    db.session.commit()
    return uid
