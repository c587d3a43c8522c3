"""Serve the app under gunicorn on loopback with generated data and drive a bounded load
with wrk against the pages learners hit at a release; compare with an empty Flask app.

    bench/load --size L [--database-url URL] [--duration 10] [--connections 16] [--reuse]

Prints, per page: requests/s, p50 and p99 latency, SQL queries per request and the ratio
to hello world; then the time to announce a release to every learner of the run (the
scheduler's jobs, e-mail to an SMTP sink on loopback) and to award the end-of-course badges."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "bench-password-2017"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(app_path: str, env: dict, workers: int):
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", app_path],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
                       "GUNICORN_ACCESS_LOG": "/dev/null"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(base + "/", timeout=5)
            break
        except requests.RequestException:
            time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def ensure_wrk() -> str:
    if shutil.which("wrk") is None and os.geteuid() == 0:
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk", shell=True, check=True)
    path = shutil.which("wrk")
    if path is None:
        sys.exit("bench/load needs wrk (Debian package 'wrk').")
    return path


def lua_script(requests_: list[tuple[str, str, str, str]]) -> str:
    """wrk picks a (method, path, cookie, body) at random for each request."""
    entries = ",\n".join(
        "{%s, %s, %s, %s}" % tuple('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in entry) for entry in requests_)
    return f"""
local pool = {{
{entries}
}}
math.randomseed(2017)
request = function()
  local r = pool[math.random(#pool)]
  local headers = {{}}
  if r[3] ~= "" then headers["Cookie"] = r[3] end
  if r[1] == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  return wrk.format(r[1], r[2], headers, r[4] ~= "" and r[4] or nil)
end
"""


def run_wrk(wrk: str, base: str, pool: list, duration: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(pool))
    try:
        out = subprocess.run([wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name, base],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)

    def ms(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": ms("50%"), "p99": ms("99%"),
            "errors": int(non2xx.group(1)) if non2xx else 0}


def sessions(base: str, emails: list[str]) -> list[tuple[str, str]]:
    """(cookie header, csrf token) per learner, logged in through the real log-in form."""
    result = []
    for email in emails:
        http = requests.Session()
        token = CSRF.search(http.get(base + "/login").text).group(1)
        response = http.post(base + "/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                             allow_redirects=False)
        assert response.status_code == 302, f"log-in failed for {email}"
        page_token = CSRF.search(http.get(base + "/dashboard").text).group(1)
        result.append(("; ".join(f"{c.name}={c.value}" for c in http.cookies), page_token))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="S")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--learners", type=int, default=50, help="logged-in learners in the pool")
    parser.add_argument("--reuse", action="store_true", help="use the data already generated")
    args = parser.parse_args()
    url = args.database_url or os.environ.get("LMS_DATABASE_URL") or f"sqlite:///{ROOT}/instance/bench-{args.size}.sqlite"
    if not args.reuse:
        subprocess.run([str(ROOT / ".venv/bin/python"), str(ROOT / "bench/generate.py"), "--size", args.size,
                        "--database-url", url], check=True)
    wrk = ensure_wrk()
    workers = (os.cpu_count() or 1) * 2 + 1
    env = {**os.environ, "LMS_DATABASE_URL": url, "LMS_SECRET_KEY": "bench-secret", "LMS_MAIL_TRANSPORT": "file",
           "LMS_MAIL_OUTBOX": str(ROOT / "instance/bench-outbox")}

    from sqlalchemy import select

    os.environ.update({k: v for k, v in env.items() if k.startswith("LMS_")})
    from lms import create_app
    from lms.core.extensions import db
    from lms.courses.models import Activity, Module, Run, Unit
    from lms.awards.models import Assertion
    from lms.learning.models import Enrolment
    from lms.peer_review.models import Submission
    from lms.accounts.models import User

    app = create_app()
    with app.app_context():
        run = db.session.scalar(select(Run).where(Run.slug == "bench"))
        emails = list(db.session.scalars(
            select(User.email).join(Enrolment, Enrolment.user_id == User.id).join(Submission, Submission.enrolment_id == Enrolment.id)
            .where(Enrolment.run_id == run.id).group_by(User.email).order_by(User.email).limit(args.learners)))
        module = db.session.scalar(select(Module).where(Module.slug == "stem-career-pathways"))
        unit = db.session.scalar(select(Unit).where(Unit.module_id == module.id).order_by(Unit.position))
        assignment, assignment_module = db.session.execute(
            select(Activity, Module).join(Module, Module.id == Activity.module_id).where(Activity.kind == "assignment")
            .order_by(Module.position)).first()
        uids = list(db.session.scalars(select(Assertion.uid).limit(200)))

    pages = {
        "module page": ("GET", f"/courses/stem-careers/modules/{module.slug}/"),
        "dashboard": ("GET", "/dashboard"),
        "course page": ("GET", "/courses/stem-careers"),
        "baked badge (PNG)": ("GET", "/badges/assertions/{uid}.png"),
        "hosted assertion": ("GET", "/badges/assertions/{uid}.json"),
        "claim a review": ("POST", f"/courses/stem-careers/modules/{assignment_module.slug}/assignments/{assignment.slug}/claim"),
        "unit marked done": ("POST", f"/courses/stem-careers/modules/{module.slug}/{unit.slug}/done"),
    }
    results = {}
    with gunicorn("bench.hello:app", env, workers) as hello:
        results["hello world"] = run_wrk(wrk, hello, [("GET", "/", "", "")], args.duration, args.connections)
    with gunicorn("wsgi:app", env, workers) as base:
        pool = sessions(base, emails)
        for name, (method, path) in pages.items():
            entries = []
            for index, (cookie, token) in enumerate(pool):
                target = path.format(uid=uids[index % len(uids)])
                body = f"csrf_token={token}" if method == "POST" else ""
                entries.append((method, target, cookie if "{uid}" not in path else "", body))
            results[name] = run_wrk(wrk, base, entries, args.duration, args.connections)
    queries = count_queries(app, emails[0], pages, uids[0])

    hello_rps = results["hello world"]["rps"]
    print(f"\nbench/load --size {args.size} on {url.split(':')[0]} · gunicorn {workers} sync workers · wrk {args.connections} "
          f"connections, {args.duration} s per page · {len(pool)} logged-in learners")
    print(f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'SQL/req':>8} {'vs hello':>9} {'non-2xx':>8}")
    for name, result in results.items():
        print(f"{name:<20} {result['rps']:>8.0f} {result['p50']:>8.1f} {result['p99']:>8.1f} "
              f"{queries.get(name, 0):>8} {result['rps'] / hello_rps:>9.2f} {result['errors']:>8}")
    announce, delivered, award, awarded = timed_release_and_awards(app)
    print(f"announce a release to the run: {announce:.1f} s to record, {delivered} e-mails delivered")
    print(f"award the end-of-course badges and certificates: {award:.2f} s for {awarded} awards")
    return 0


def count_queries(app, email: str, pages: dict, uid: str) -> dict[str, int]:
    """SQL statements per request, for one logged-in learner, through the Flask client."""
    from sqlalchemy import event

    from lms.core.extensions import db

    counts = {}
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    with app.app_context():
        engine = db.engine
    for name, (method, path) in pages.items():
        target = path.format(uid=uid)
        statements = []
        listener = lambda *a: statements.append(1)  # noqa: E731
        page_token = CSRF.search(client.get("/dashboard").get_data(as_text=True)).group(1)
        event.listen(engine, "before_cursor_execute", listener)
        try:
            if method == "GET":
                client.get(target)
            else:
                client.post(target, data={"csrf_token": page_token})
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts[name] = len(statements)
    return counts


def timed_release_and_awards(app) -> tuple[float, int, float, int]:
    """Open the last module now for everyone (a tutor's move), then time the scheduler's
    jobs: the announcement sweep and e-mail delivery to an SMTP sink on loopback."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink
    from sqlalchemy import select

    from lms.core import clock
    from lms.core.extensions import db
    from lms.notifications.jobs import deliver_email
    from lms.courses.models import Module, ReleaseOverride, Run
    from lms.learning.services.announcements import announce_releases
    from lms.awards.services import award_missing

    port = free_port()
    sink = Controller(Sink(), hostname="127.0.0.1", port=port)
    sink.start()
    app.config.update(MAIL_TRANSPORT="smtp", MAIL_PORT=port, MAIL_HOST="127.0.0.1")
    try:
        with app.app_context():
            now = clock.now()
            run = db.session.scalar(select(Run).where(Run.slug == "bench"))
            last = db.session.scalar(select(Module).where(Module.course_id == run.course_id).order_by(Module.position.desc()))
            db.session.merge(ReleaseOverride(run_id=run.id, module_id=last.id, opens_at=now, source="tutor"))
            db.session.commit()
            started = time.perf_counter()
            announce_releases(now=clock.now())
            db.session.commit()
            delivered = 0
            while True:
                sent = deliver_email(clock.now())
                delivered += sent
                if not sent:
                    break
            announce = time.perf_counter() - started
            started = time.perf_counter()
            awarded = award_missing(now=clock.now()).recorded
            db.session.commit()
            award = time.perf_counter() - started
    finally:
        sink.stop()
    return announce, delivered, award, awarded


if __name__ == "__main__":
    sys.exit(main())
