"""Fixtures of the learning record's tests: a standards framework synced from tests/fixtures/standards."""

from __future__ import annotations

import shutil

import pytest

from lms.core.extensions import db
from lms.record import services as record
from tests.conftest import NOW, ROOT

STANDARDS = ROOT / "tests" / "fixtures" / "standards"


@pytest.fixture
def framework(app, tmp_path):
    """The fixture framework 'teaching-council' (A1, A2, B1) synced; returns the courses folder it is in."""
    courses_dir = tmp_path / "courses"
    shutil.copytree(STANDARDS / "good", courses_dir / "standards")
    assert record.sync_files(courses_dir, set(), NOW)
    db.session.commit()
    return courses_dir


def standard_ids() -> dict[str, int]:
    framework = record.list_frameworks()[0]
    return {standard.code: standard.id for standard in record.framework_standards(framework.id)}
