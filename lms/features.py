"""The features the platform is made of, lowest first, and how their parts are found.

Every feature is a package ``lms/<name>/`` of one shape, each file where it needs it:
``models.py``, ``services.py`` (or ``services/``), ``queries.py`` (its read-only window
onto other features' tables), ``views.py`` (a blueprint ``bp``), ``forms.py``,
``jobs.py`` (``JOBS``), ``cli.py`` (a click group ``cli``), ``templates/<blueprint>/``,
and an optional ``init_app(app)`` in its ``__init__``. Adding a feature is one line here."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

FEATURES = (
    "accounts",
    "notifications",
    "courses",
    "resources",
    "learning",
    "catalogue",
    "schedule",
    "activities",
    "peer_review",
    "awards",
    "discussions",
    "completion",
    "cohort",
    "roster",
    "verifier",
    "wallets",
    "events",
    "programmes",
    "organisations",
    "privacy",
    "record",
    "home",
    "admin",
    "demo",
)


def part(feature: str, name: str) -> ModuleType | None:
    """``lms.<feature>.<name>`` if the feature has that part, else None."""
    module_name = f"lms.{feature}.{name}" if name else f"lms.{feature}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            return None
        raise


def parts(name: str) -> Iterator[tuple[str, ModuleType]]:
    """Each feature's ``name`` part, in the order of FEATURES."""
    for feature in FEATURES:
        module = part(feature, name)
        if module is not None:
            yield feature, module


def load_models() -> None:
    """Import every model, the core's tables included, so that the metadata knows every table."""
    importlib.import_module("lms.core.access")
    importlib.import_module("lms.core.leadership")
    importlib.import_module("lms.core.moderation")
    importlib.import_module("lms.core.audit")
    importlib.import_module("lms.core.site_settings")
    for _ in parts("models"):
        pass


def jobs() -> tuple:
    """Every scheduled job the features declare; delivery jobs last."""
    declared = [job for _, module in parts("jobs") for job in module.JOBS]
    return tuple(sorted(declared, key=lambda job: job.delivers))


def personal_data_parts() -> tuple[tuple[str, ModuleType], ...]:
    """Each feature's ``personal_data`` part, lowest first: what it holds about a person, as
    ``export(user_id)``, ``files(user_id)``, ``erase(user_id, *, now)`` (and ``suspend`` where
    an erasure asked for must stop something at once). Privacy exports and erases through them."""
    return tuple(parts("personal_data"))
