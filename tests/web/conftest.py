"""Fixtures shared by the web tests of one feature family."""

from __future__ import annotations

import pytest

from tests.conftest import NOW
from tests.factories import make_learner_client
from tests.web.test_peer_review_pages import submit_work


@pytest.fixture
def trio(app, peer_course):
    """Three learners of the peer-reviewed course, each with work handed in."""
    people = [make_learner_client(app, "peer", now=NOW, name=name, email=f"{name.lower()}@school.example")
              for name in ("Amelie", "Bruno", "Chiara")]
    for _, client in people:
        assert submit_work(client).status_code == 302
    return people
