"""Conformance: badges issued through the app, checked by the 1EdTech Open Badges validator
(PyPI ``openbadges`` 1.1.2) in its own virtualenv, against our server on loopback."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.awards.models import Assertion
from lms.core.extensions import db
from tests.conftest import NOW, ROOT
from tests.factories import make_awarded_badge, make_learner
from tests.web.test_badge_pages import drawn  # noqa: F401 (a fixture: a course whose badges are SVG only)
from tests.web.test_badges import complete_basics, learner

pytestmark = pytest.mark.slow  # the 1EdTech validator in its own virtualenv

VALIDATOR = ROOT / ".venv-validator"
RUNNER = Path(__file__).with_name("run_validator.py")
EMAIL = "ada@school.example"


@pytest.fixture(scope="session")
def validator_python() -> Path:
    build = subprocess.run(["bash", str(ROOT / "scripts" / "build_validator_venv.sh"), str(VALIDATOR)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"could not build the Open Badges validator:\n{build.stderr[-2000:]}")
        pytest.skip("the Open Badges validator could not be installed here")
    return VALIDATOR / "bin" / "python"


def validate(python: Path, kind: str, value: str, email: str = EMAIL) -> dict:
    run = subprocess.run([str(python), str(RUNNER), kind, value, email], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.fixture
def issued(app, practice, live_server):
    """A module badge earned through the pages; returns its assertion id."""
    _, client = learner(app)
    complete_basics(client)
    return db.session.scalars(select(Assertion)).one().uid


def fetch(app, path: str) -> bytes:
    response = app.test_client().get(path)
    assert response.status_code == 200, path
    return response.data


def test_the_hosted_assertion_url_is_valid(validator_python, live_server, issued):
    verdict = validate(validator_python, "url", f"{live_server}/badges/assertions/{issued}.json")
    assert verdict["errors"] == [] and verdict["valid"] is True


@pytest.mark.parametrize("ext", ["png", "svg"])
def test_the_baked_image_is_valid(app, validator_python, live_server, issued, tmp_path, ext):
    image = tmp_path / f"badge.{ext}"
    image.write_bytes(fetch(app, f"/badges/assertions/{issued}.{ext}"))
    verdict = validate(validator_python, "file", str(image))
    assert verdict["errors"] == [] and verdict["valid"] is True


def test_the_signed_assertion_is_valid_and_a_tampered_one_fails(app, validator_python, live_server, issued, tmp_path):
    token = fetch(app, f"/badges/assertions/{issued}.jws").decode()
    signed = tmp_path / "signed.jws"
    signed.write_text(token)
    verdict = validate(validator_python, "text", str(signed))
    assert verdict["errors"] == [] and verdict["valid"] is True

    header, payload, signature = token.split(".")
    forged = tmp_path / "forged.jws"
    forged.write_text(f"{header}.{payload}.{signature[:-4]}AAAA")
    assert validate(validator_python, "text", str(forged))["valid"] is False


def test_a_badge_does_not_verify_for_someone_else(validator_python, live_server, issued):
    verdict = validate(validator_python, "url", f"{live_server}/badges/assertions/{issued}.json", email="mallory@example.org")
    assert verdict["valid"] is False


def test_a_badge_drawn_only_as_svg_is_valid_hosted_and_baked(app, drawn, validator_python, live_server, tmp_path):  # noqa: F811
    user = make_learner("drawn", now=NOW, email=EMAIL)
    uid = make_awarded_badge(user, "drawn-sketch", now=NOW).uid
    hosted = validate(validator_python, "url", f"{live_server}/badges/assertions/{uid}.json")
    assert hosted["errors"] == [] and hosted["valid"] is True
    image = tmp_path / "badge.svg"
    image.write_bytes(fetch(app, f"/badges/assertions/{uid}.svg"))
    baked = validate(validator_python, "file", str(image))
    assert baked["errors"] == [] and baked["valid"] is True
