"""Conformance: standalone badges (an award level to an organisation, a programme's badge to a learner)
checked by the 1EdTech Open Badges validator against our server on loopback: hosted and baked."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.awards.conftest import SCHOOL, issue_to_person, issue_to_school, png_badge, svg_badge  # noqa: F401 (fixtures)
from tests.conformance.test_validator import validator_python  # noqa: F401 (a fixture)
from tests.conftest import NOW
from tests.factories import make_user

pytestmark = pytest.mark.slow  # the 1EdTech validator in its own virtualenv

RUNNER = Path(__file__).with_name("run_validator_profile.py")


def validate(python: Path, kind: str, value: str, profile: dict) -> dict:
    run = subprocess.run([str(python), str(RUNNER), kind, value, json.dumps(profile)], capture_output=True, text=True,
                         timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_an_organisations_badge_is_valid_hosted_and_baked_for_its_web_address(
        app, validator_python, live_server, svg_badge, tmp_path):  # noqa: F811
    uid = issue_to_school(svg_badge)
    hosted = validate(validator_python, "url", f"{live_server}/badges/awards/{uid}.json", {"url": SCHOOL})
    assert hosted["errors"] == [] and hosted["valid"] is True
    image = tmp_path / "award.svg"
    image.write_bytes(app.test_client().get(f"/badges/awards/{uid}.svg").data)
    baked = validate(validator_python, "file", str(image), {"url": SCHOOL})
    assert baked["errors"] == [] and baked["valid"] is True
    elsewhere = validate(validator_python, "url", f"{live_server}/badges/awards/{uid}.json", {"url": "https://other.example/"})
    assert elsewhere["valid"] is False


def test_a_programme_badge_is_valid_for_its_learner_only(app, validator_python, live_server, png_badge, tmp_path):  # noqa: F811
    user = make_user(email="ada@library.example", now=NOW)
    uid = issue_to_person(png_badge, user)
    hosted = validate(validator_python, "url", f"{live_server}/badges/awards/{uid}.json", {"email": "ada@library.example"})
    assert hosted["errors"] == [] and hosted["valid"] is True
    image = tmp_path / "award.png"
    image.write_bytes(app.test_client().get(f"/badges/awards/{uid}.png").data)
    assert validate(validator_python, "file", str(image), {"email": "ada@library.example"})["valid"] is True
    assert validate(validator_python, "url", f"{live_server}/badges/awards/{uid}.json", {"email": "mallory@example.org"})["valid"] is False
