"""Demo data for ``make run``: ``setup`` (accounts, runs, the demo learner's progress),
``cohort`` (generated learners for the tutor), ``work`` (a learner's work through the
learners' own services)."""

from lms.demo.services.setup import (
    DEMO_ASSESSOR,
    DEMO_COORDINATOR,
    DEMO_LEARNER,
    DEMO_PASSWORD,
    DEMO_TUTOR,
    DemoAccounts,
    set_up_demo,
)

__all__ = ["DEMO_ASSESSOR", "DEMO_COORDINATOR", "DEMO_LEARNER", "DEMO_PASSWORD", "DEMO_TUTOR", "DemoAccounts", "set_up_demo"]
