"""Only lms/core/clock.py reads the clock, so that a demo or a test that sets FIXED_NOW moves
every date the app shows, and a duration is measured the same way everywhere."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCK = ROOT / "lms" / "core" / "clock.py"
# module.function calls that read a clock (wall or monotonic)
READERS = {
    ("time", "time"), ("time", "time_ns"), ("time", "monotonic"), ("time", "monotonic_ns"), ("time", "perf_counter"),
    ("time", "perf_counter_ns"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
}


def clock_reads(source: str) -> list[int]:
    """Line numbers where this source reads the clock (``time.monotonic()``, ``datetime.now()``,
    ``from time import monotonic`` ...)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (node.value.id, node.attr) in READERS:
            found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module in ("time", "datetime"):
            if any((node.module, alias.name) in READERS for alias in node.names):
                found.append(node.lineno)
    return found


def test_the_checker_sees_each_way_of_reading_the_clock():
    assert clock_reads("import time\ndeadline = time.monotonic() + 5\n") == [2]
    assert clock_reads("from time import monotonic\n") == [1]
    assert clock_reads("from datetime import datetime\nstamp = datetime.now(timezone.utc)\n") == [2]
    assert clock_reads("import time\ntime.sleep(0.1)\n") == []


def test_only_the_clock_module_reads_the_clock():
    readers = [f"{path.relative_to(ROOT)}:{line}"
               for path in sorted((ROOT / "lms").rglob("*.py")) if path != CLOCK
               for line in clock_reads(path.read_text())]
    assert readers == [], "read the clock through lms.core.clock (now(), real_now(), monotonic()):\n" + "\n".join(readers)
