"""Fixtures of the resource library's tests: the real library synced, and small libraries
built from specs so that each test knows exactly what is in it."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from lms.core.extensions import db
from lms.resources import services as resources
from lms.resources.services import ResourceSpec
from tests.conftest import NOW, ROOT


def spec(slug: str, title: str = "A resource", summary: str = "Something useful for teachers.", *, kind: str = "toolkit",
         audience=("secondary",), subject=("science",), language: str = "en", published: date = date(2024, 1, 1),
         author: str = "STEM Learning UK") -> ResourceSpec:
    source = hashlib.sha256(repr((slug, title, summary, kind, audience, subject, language, published, author)).encode()).hexdigest()
    return ResourceSpec(slug, title, summary, kind, tuple(audience), tuple(subject), language, "CC-BY-4.0", author, published,
                        f"https://www.example.org/{slug}", None, source)


def add_resources(*specs: ResourceSpec) -> None:
    resources.sync_specs(list(specs), NOW, archive_others=False)
    db.session.commit()


@pytest.fixture
def library(app):
    """The sample library (resources/*.toml) with the sample courses' ```resources blocks."""
    changes = resources.sync_files(ROOT / "resources", ROOT / "content", {"stem-careers", "library-makerspaces"}, NOW)
    db.session.commit()
    return changes
