"""The processes bench/load measures and talks to: gunicorn (the app, or the empty Flask
app as the yardstick) and an SMTP sink, each in its own process.

CPU is read from /proc/<pid>/stat: user + system time of gunicorn's master and of each
live worker, plus what the master has reaped from workers that exited (gunicorn recycles
a worker after max_requests; its time moves into the master's cutime/cstime when it is
reaped). Requests served are the lines gunicorn writes to its access log."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")
STATUS = re.compile(rb'" (\d{3}) ')  # gunicorn.conf.py's access_log_format: '%(h)s "%(r)s" %(s)s ...'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, CPU ticks of the process and of its reaped children), None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            data = stat.read()
    except OSError:
        return None
    fields = data[data.rindex(b")") + 2:].split()  # after "pid (comm) ": state, ppid, ...
    return int(fields[1]), sum(int(value) for value in fields[11:15])  # utime stime cutime cstime


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds used so far by ``root`` and its direct children, dead ones included."""
    own = _stat(root)
    total = own[1] if own else 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            found = _stat(int(entry.name))
            if found and found[0] == root:
                total += found[1]
    return total / TICKS


def wait_until_idle(roots: list[int], *, limit: float = 45.0) -> None:
    """Requests a client gave up on are still being served: wait until the CPU stops moving."""
    deadline = time.monotonic() + limit
    last = sum(tree_cpu_seconds(root) for root in roots)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = sum(tree_cpu_seconds(root) for root in roots)
        if now - last <= 0.02:
            return
        last = now


@dataclass
class Snapshot:
    cpu: float  # gunicorn's CPU seconds
    db_cpu: float | None  # the local PostgreSQL server's, if any
    served: int  # access-log lines
    failed: int  # of which neither 2xx nor 3xx


class Server:
    """A running gunicorn: its address, its processes and its access log."""

    def __init__(self, process: subprocess.Popen, base: str, access_log: Path, db_pid: int | None):
        self.process, self.base, self.access_log, self.db_pid = process, base, access_log, db_pid

    def snapshot(self) -> Snapshot:
        served = failed = 0
        with open(self.access_log, "rb") as log:
            for line in log:
                served += 1
                status = STATUS.search(line)
                failed += bool(status) and status.group(1)[:1] not in (b"2", b"3")
        db_cpu = tree_cpu_seconds(self.db_pid) if self.db_pid else None
        return Snapshot(tree_cpu_seconds(self.process.pid), db_cpu, served, failed)

    def settle(self) -> None:
        wait_until_idle([self.process.pid] + ([self.db_pid] if self.db_pid else []))


@contextmanager
def gunicorn(app_root: Path, app_path: str, env: dict, workers: int, logs: Path, *, db_pid: int | None = None,
             pythonpath: Path | None = None):
    """gunicorn with ``app_root``'s own gunicorn.conf.py (production settings), serving from
    ``app_root``; the access log goes to a file so that served requests can be counted."""
    port = free_port()
    name = app_path.split(":")[0].replace(".", "-")
    access_log = logs / f"{name}-{port}-access.log"
    access_log.touch()
    command = [str(HERE.parent / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"]
    if pythonpath:
        command += ["--pythonpath", str(pythonpath)]
    with open(logs / f"{name}-{port}-error.log", "wb") as errors:
        process = subprocess.Popen(
            [*command, app_path], cwd=app_root, stdout=errors, stderr=errors,
            env={**env, "PYTHONPATH": str(app_root), "GUNICORN_BIND": f"127.0.0.1:{port}",
                 "GUNICORN_WORKERS": str(workers), "GUNICORN_ACCESS_LOG": str(access_log)})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process, logs / f"{name}-{port}-error.log")
        yield Server(process, base, access_log, db_pid)
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait_for(base: str, process: subprocess.Popen, error_log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped at start-up:\n{error_log.read_text()[-3000:]}")
        try:
            requests.get(base + "/", timeout=30)
            return
        except requests.RequestException:
            time.sleep(0.1)
    sys.exit(f"gunicorn did not answer within a minute:\n{error_log.read_text()[-3000:]}")


@contextmanager
def smtp_sink(python: str):
    """bench/smtp_sink.py in its own process; yields (port, counts) where ``counts`` is
    filled with what it received once the block ends."""
    port = free_port()
    process = subprocess.Popen([python, str(HERE / "smtp_sink.py"), "--port", str(port)],
                               stdout=subprocess.PIPE, text=True)
    counts: dict = {}
    try:
        if process.stdout.readline().strip() != "ready":
            sys.exit("the SMTP sink did not start")
        yield port, counts
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=60)
        lines = [line for line in out.splitlines() if line.startswith("{")]
        counts.update(json.loads(lines[-1]) if lines else {})
