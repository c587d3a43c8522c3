"""bench/load end to end at size S: every page measured, the claims, the release, the schedule
change and the awards run, and the results written as the data the issue asks for. Speed is
never asserted here; that the benchmark still runs against the app, and reports sound counts, is."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL, ROOT

pytestmark = [
    pytest.mark.slow,  # gunicorn, wrk and the scheduler's jobs: about a minute
    pytest.mark.skipif(shutil.which("wrk") is None and os.geteuid() != 0, reason="bench/load needs wrk"),
]

PAGES = {"hello", "module", "unit", "dashboard", "course", "tutor_answers", "tutor_assignment", "tutor_overview", "tutor_learners",
         "assertion", "baked_png", "thread_list", "thread", "thread_after", "search", "credential_json", "credential_jwt", "verify_json",
         "resources_search", "resources_facets", "event_page"}
FIGURES = {"rps", "p50_ms", "p99_ms", "cpu_ms", "sql", "ratio", "cpu_ratio"}


@contextmanager
def bench_database(tmp_path):
    """A database of its own: on PostgreSQL a fresh one beside the suite's, dropped afterwards."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'bench.sqlite'}"
        return
    name = f"bench_{uuid.uuid4().hex[:8]}"
    server = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        server.dispose()


def test_bench_load_writes_every_figure_the_issue_names(tmp_path):
    out = tmp_path / "results.json"
    with bench_database(tmp_path) as url:
        subprocess.run([sys.executable, str(ROOT / "bench/load.py"), "--size", "S", "--duration", "1", "--claims", "20",
                        "--database-url", url, "--json", str(out)], cwd=ROOT, check=True, capture_output=True, timeout=600)
    results = json.loads(out.read_text())

    assert results["size"] == "S" and results["database"] == ("postgresql" if POSTGRES_URL else "sqlite")
    assert set(results["pages"]) == PAGES
    for name, page in results["pages"].items():
        assert FIGURES <= set(page), name
        assert page["requests"] > 0 and page["errors"] == 0 and page["cpu_ms"] > 0, name
    assert results["pages"]["hello"]["ratio"] == 1 and results["pages"]["hello"]["sql"] == 0
    assert results["pages"]["tutor_answers"]["sql"] > 0  # the tutor was logged in: the page read the run
    assert results["pages"]["tutor_learners"]["sql"] > 0 and results["pages"]["tutor_overview"]["sql"] > 0
    assert results["pages"]["thread"]["sql"] > 0 and results["pages"]["search"]["sql"] > 0  # the learner read the discussions
    assert results["pages"]["tutor_overview"]["cold_ms"] > 0  # measured once every worker had its figures
    # Open Badges 3.0: the holder downloads the bytes signed once per award; the verifier accepts them
    assert results["pages"]["credential_json"]["stored_bytes"] and results["pages"]["verify_json"]["verified"]
    assert results["signing"]["held"] > 0
    # the library's search with facets ran over its thousands of resources, the event page read its event
    assert results["pages"]["resources_search"]["sql"] > 0 and results["pages"]["event_page"]["sql"] > 0

    assert results["release"]["learners"] == 100  # one module, the whole run
    assert results["release"]["emails"] == results["release"]["unique_message_ids"] == 100  # received by the sink
    assert results["schedule_change"]["emails"] == 100
    assert results["awards"]["count"] > 0
    assert results["claims"]["claims"] > 0 and results["claims"]["double_claims"] == 0
