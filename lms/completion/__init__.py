"""Completion: the one orchestrator of what a learner's work earns. Every action
that counts ends here (through ``lms.core.completion``): recount, then award,
then notify."""

from __future__ import annotations

from flask import Flask

from lms.core.completion import register_recorder


def init_app(app: Flask) -> None:
    from lms.completion.services import record_completion

    register_recorder(record_completion)
