"""Peer review (issue #5): submissions, the live review queue, and each learner's duties."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Duties:
    submitted: int = 0
    done: int = 0


def duties_by_assignment(enrolment_id: int, assignment_ids: list[int]) -> dict[int, Duties]:
    """Per assignment: has the learner submitted, and met their review duties?"""
    return {}
