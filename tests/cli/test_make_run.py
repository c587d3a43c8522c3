"""`make run` for real on a free port: the servers start, the demo log-ins come last, and
a flask command run afterwards in another shell prints links to that port and finds the
demo learner enrolled (the README's `flask badges award` example)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_until(process: subprocess.Popen, text: str, timeout: float = 300) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if text in line:
            return lines
    raise AssertionError("make run printed:\n" + "\n".join(lines))


@pytest.mark.slow
def test_make_run_prints_the_log_ins_last_and_later_commands_link_to_its_port(tmp_path):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("LMS_")}
    env.update(LMS_DATABASE_URL=f"sqlite:///{tmp_path / 'lms.sqlite'}", LMS_SERVED_BASE_URL_FILE=str(tmp_path / "base_url"),
               LMS_MAIL_OUTBOX=str(tmp_path / "outbox"), LMS_UPLOAD_DIR=str(tmp_path / "uploads"))
    # -o: take the virtualenv as it is (no reinstall from the network).
    make = subprocess.Popen(["make", "-o", ".venv/.installed", "run", f"PORT={port}"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        lines = read_until(make, "The STEM Award's assessor")
        position = {marker: next(i for i, line in enumerate(lines) if marker in line)
                    for marker in (f"Running on http://127.0.0.1:{port}", "scheduler INFO active", "The LMS is ready")}
        assert position["The LMS is ready"] > position[f"Running on http://127.0.0.1:{port}"]
        assert position["The LMS is ready"] > position["scheduler INFO active"]
        assert lines[-4:] == ["  Log in as the learner: learner@example.org / demo-password-2017",
                              "  Log in as the tutor:   tutor@example.org / demo-password-2017",
                              "  Riverside Library's coordinator: coordinator@example.org / demo-password-2017",
                              "  The STEM Award's assessor:       assessor@example.org / demo-password-2017"]

        flask = [str(ROOT / ".venv" / "bin" / "flask")]
        award = subprocess.run(flask + ["badges", "award", "--email", "learner@example.org", "--badge",
                                        "stem-careers-stem-career-pathways", "--reason", "An excellent plan"],
                               cwd=ROOT, env={**env, "FLASK_APP": "wsgi"}, capture_output=True, text=True, timeout=60)
        assert award.returncode == 0, award.stderr
        assert award.stdout.startswith(f"http://127.0.0.1:{port}/badges/assertions/")
    finally:
        stop(make)


def stop(make: subprocess.Popen) -> None:
    """Stop the demo as Ctrl+C would stop it; if anything of it is still running 30 s later, fail
    with what its processes were doing (the scheduler dumps its threads on SIGUSR1)."""
    os.killpg(make.pid, signal.SIGTERM)
    try:
        make.communicate(timeout=30)
        return
    except subprocess.TimeoutExpired:
        alive = subprocess.run(["ps", "-o", "pid,etime,args", "-g", str(make.pid)], capture_output=True, text=True).stdout
        os.killpg(make.pid, signal.SIGUSR1)
        try:
            dumped = make.communicate(timeout=5)[0]
        except subprocess.TimeoutExpired as still:
            dumped = (still.output or b"").decode(errors="replace") if isinstance(still.output, bytes) else (still.output or "")
        os.killpg(make.pid, signal.SIGKILL)
        make.communicate()
        pytest.fail(f"make run did not stop within 30 s of SIGTERM. Still running:\n{alive}\nTheir last words:\n{dumped[-6000:]}")
