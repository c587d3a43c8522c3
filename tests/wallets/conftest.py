"""Fixtures for the wallets' end-to-end tests: the reference wallet in its own process (started once, its
address read from the first line it prints, emptied before each test) and the platform over real HTTP on
loopback (tests/conftest.py's live_server: its external URLs point at itself)."""

from __future__ import annotations

import selectors
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.wallets.real_http import ReferenceWallet

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30


@pytest.fixture(scope="session")
def reference_wallet_url():
    """``python -m tests.wallets.reference_wallet --port 0``; waits for the base URL it prints, no sleeping."""
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen([sys.executable, "-m", "tests.wallets.reference_wallet", "--port", "0"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=errors, text=True)
    try:
        yield _first_line(process, errors)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        errors.close()


def _first_line(process: subprocess.Popen, errors) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=STARTUP_SECONDS)
    line = process.stdout.readline().strip() if ready else ""
    if not line.startswith("http://"):
        process.kill()
        errors.seek(0)
        raise RuntimeError(f"the reference wallet did not start: {line!r}\n{errors.read().decode(errors='replace')}")
    return line


@pytest.fixture
def reference_wallet(reference_wallet_url) -> ReferenceWallet:
    wallet = ReferenceWallet(reference_wallet_url)
    wallet.reset()
    return wallet


@pytest.fixture
def platform(live_server) -> str:
    """The platform's base URL over real HTTP (BASE_URL points there, so credentials signed from now on
    name it as their issuer)."""
    return live_server


@pytest.fixture
def stopwatch():
    """``with stopwatch("push") as lap: ...``; the laps are printed (pytest -s shows them) for the figures."""
    from contextlib import contextmanager

    laps: dict[str, float] = {}

    @contextmanager
    def lap(name: str):
        started = time.perf_counter()
        yield laps
        laps[name] = time.perf_counter() - started
        print(f"\n[figure] {name}: {laps[name] * 1000:.0f} ms")

    return lap
