"""Serve the app under gunicorn on loopback with generated data, drive a bounded load against
the pages learners and tutors hit, and compare with an empty Flask app under the same settings.

    bench/load --size L [--database-url URL] [--duration 10] [--connections 16] [--reuse]
               [--json FILE] [--app-root PATH] [--phases pages,claims,release,schedule_change,awards]
               [--pages thread_list,thread,...]

Per page: requests/s, p50 and p99 latency, server CPU per request (gunicorn's master and
workers, user + system, divided by the requests they served), SQL statements per request,
and both figures against hello world's (ratio = rps / hello's rps; cpu_ratio = hello's CPU per
request / the page's: 1.0 is as cheap as an empty Flask app). Then 16 reviewers claiming
work to review at once (claims/s, double claims read back from the database); a release
(the scheduler's announce-releases, then deliver-email until nothing is due, to an SMTP
sink in its own process); a tutor's schedule change announced to the whole run, the same
way; and award-missing-badges handing out the end-of-course awards. --app-root serves
another checkout (say a `git worktree` of the commit before a change) with this harness."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import appside  # noqa: E402  (this folder first, whichever checkout the app comes from)
import claims  # noqa: E402
import events as bench_events  # noqa: E402
import resources as bench_resources  # noqa: E402
from cohort import COURSE, RUN, SIZES, TUTOR_EMAIL  # noqa: E402
from drive import Hit, ensure_wrk, measure, repeat_status, warm  # noqa: E402
from report import print_report  # noqa: E402
from serving import gunicorn, smtp_sink  # noqa: E402

PHASES = ("pages", "claims", "release", "schedule_change", "awards")
# Pages whose figures each worker keeps for the clock's minute (lms/cohort/services/overview.py):
# measured within one minute, after every worker has computed them once.
KEPT_FOR_THE_MINUTE = {"tutor_overview"}
PYTHON = str(HERE.parent / ".venv/bin/python")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="S")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--learners", type=int, default=50, help="logged-in learners in the pool of the learner pages")
    parser.add_argument("--reviewers", type=int, default=16, help="reviewers claiming at once")
    parser.add_argument("--claims", type=int, default=400, help="claims in all (one per reviewer session)")
    parser.add_argument("--reuse", action="store_true", help="use the data already generated, its schema brought up to this "
                        "checkout's migrations (claims, release and awards then find less to do: they change the data)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--app-root", type=Path, default=HERE.parent, help="the checkout whose app is served")
    parser.add_argument("--logs", type=Path, help="keep gunicorn's logs in this folder (else a temporary one)")
    parser.add_argument("--phases", default=",".join(PHASES), help="which parts to run, of " + ",".join(PHASES))
    parser.add_argument("--pages", default="", help="measure only these pages (comma-separated; hello world always)")
    args = parser.parse_args()
    args.app_root = args.app_root.resolve()
    args.database_url = (args.database_url or os.environ.get("LMS_DATABASE_URL")
                         or f"sqlite:///{args.app_root}/instance/bench-{args.size}.sqlite")
    args.phases = [phase for phase in args.phases.split(",") if phase]
    args.pages = {page for page in args.pages.split(",") if page and page != "hello"}
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    return args


def page_paths(targets: appside.Targets) -> dict[str, tuple[str, str]]:
    """name -> (who asks: "learner", "tutor", "" for anyone, "holder" for the learner holding the award
    {uid}, "verifier" for anyone posting a credential; path; {uid} is an awarded badge)."""
    module = f"/courses/{COURSE}/modules/{targets.module}"
    return {
        "module": ("learner", module + "/"),
        "unit": ("learner", f"{module}/{targets.unit}"),
        "dashboard": ("learner", "/dashboard"),
        "course": ("learner", f"/courses/{COURSE}"),
        "tutor_answers": ("tutor", f"/tutor/courses/{COURSE}/runs/{RUN}/answers"),
        "tutor_assignment": ("tutor", f"/tutor/courses/{COURSE}/runs/{RUN}/assignments/{targets.assignment_id}"),
        "tutor_overview": ("tutor", f"/tutor/courses/{COURSE}/runs/{RUN}/"),  # measured once its figures are kept
        "tutor_learners": ("tutor", f"/tutor/courses/{COURSE}/runs/{RUN}/learners"),
        "assertion": ("", "/badges/assertions/{uid}.json"),
        "baked_png": ("", "/badges/assertions/{uid}.png"),
    } | discussion_paths(targets) | credential_paths(targets) | bench_events.paths() | bench_resources.paths()


SEARCHED = "students"  # a word in about half of the generated posts (bench/forum_texts.py)


def discussion_paths(targets: appside.Targets) -> dict[str, tuple[str, str]]:
    """The course-wide forum's thread list, the biggest thread's first page and the page halfway
    down it, and a search for a common word; all as a learner. None in a checkout without them."""
    if targets.thread_id is None:
        return {}
    discussions = f"/courses/{COURSE}/discussions"
    return {
        "thread_list": ("learner", discussions + "/forums/general"),
        "thread": ("learner", f"{discussions}/threads/{targets.thread_id}"),
        "thread_after": ("learner", f"{discussions}/threads/{targets.thread_id}?after={targets.thread_middle}"),
        "search": ("learner", f"{discussions}/search?q={SEARCHED}"),
    }


def credential_paths(targets: appside.Targets) -> dict[str, tuple[str, str]]:
    """A learner downloading their own award's signed Open Badges 3.0 credential (JSON, JWT: the stored
    bytes), and anyone verifying one: POST /verify.json {"credential": <the signed JSON>} (an RDFC-1.0
    canonicalisation and an Ed25519 check per request). None in a checkout without them."""
    if not targets.held:
        return {}
    return {
        "credential_json": ("holder", "/my/badges/{uid}/credential.json"),
        "credential_jwt": ("holder", "/my/badges/{uid}/credential.jwt"),
        "verify_json": ("verifier", "/verify.json"),
    }


CREDENTIAL_PAGES = {"credential_json", "credential_jwt", "verify_json"}


def verify_body(document: str) -> str:
    return json.dumps({"credential": json.loads(document)})


def session_cookie(base: str, email: str) -> str:
    """Log in through the real form; the Cookie header of that session."""
    http = requests.Session()
    token = appside.CSRF.search(http.get(base + "/login").text).group(1)
    response = http.post(base + "/login", data={"email": email, "password": appside.PASSWORD, "csrf_token": token},
                         allow_redirects=False)
    assert response.status_code == 302, f"log-in failed for {email}"
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in http.cookies)


def chosen_paths(targets: appside.Targets, chosen: set[str]) -> dict[str, tuple[str, str]]:
    """The pages to measure: all of them, or those named by --pages."""
    paths = page_paths(targets)
    unknown = chosen - set(paths)
    if unknown:
        raise SystemExit(f"unknown pages: {', '.join(sorted(unknown))} (known: {', '.join(paths)})")
    return {name: path for name, path in paths.items() if not chosen or name in chosen}


def pools(base: str, targets: appside.Targets, chosen: set[str]) -> dict[str, list[Hit]]:
    cookies: dict[str, str] = {}

    def cookie(email: str) -> str:  # each account logs in once, when a page first needs it
        if email not in cookies:
            cookies[email] = session_cookie(base, email)
        return cookies[email]

    result = {}
    for name, (who, path) in chosen_paths(targets, chosen).items():
        if who == "":
            result[name] = [Hit(path.format(uid=uid)) for uid in targets.uids]
        elif who == "holder":
            result[name] = [Hit(path.format(uid=uid), cookie(email)) for email, uid, _ in targets.held]
        elif who == "verifier":
            result[name] = [Hit(path, method="POST", body=verify_body(document)) for _, _, document in targets.held]
        else:
            result[name] = [Hit(path, cookie(email)) for email in (targets.learners if who == "learner" else [TUTOR_EMAIL])]
    return result


def verified(base: str, hit: Hit) -> bool:
    """Whether /verify.json finds the credential of this hit valid (every check passed): measured
    otherwise, the rate would be that of a refusal."""
    answer = requests.post(base + hit.path, data=hit.body, timeout=120)
    body = answer.json() if answer.status_code == 200 else {}
    if not body.get("ok"):
        print(f"  verify_json: {answer.status_code}, failed checks "
              f"{[check for check in body.get('checks', []) if not check.get('ok')] or answer.text[:300]}", flush=True)
    return bool(body.get("ok"))


def fetched(base: str, hit: Hit) -> bytes:
    return requests.get(base + hit.path, headers={"Cookie": hit.cookie}, timeout=120).content


def postgres_pid(app) -> int | None:
    """The local PostgreSQL server's main process, whose CPU is reported beside gunicorn's."""
    from sqlalchemy import text

    from lms.core.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return None
        backend = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        db.session.rollback()
    try:
        with open(f"/proc/{backend}/stat") as stat:
            parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        return parent if "postgres" in Path(f"/proc/{parent}/comm").read_text() else None
    except (OSError, ValueError):
        return None  # a server on another machine


def serve_and_load(args, app, targets: appside.Targets, env: dict, wrk: str, logs: Path) -> dict:
    """hello world, then the app: each page under load, then the concurrent claims."""
    workers = (os.cpu_count() or 1) * 2 + 1
    results: dict = {"pages": {}, "workers": workers}
    measure_args = {"duration": args.duration, "connections": args.connections}
    if "pages" in args.phases:
        with gunicorn(args.app_root, "hello:app", env, workers, logs, pythonpath=HERE) as hello:
            results["pages"]["hello"] = measure(hello, wrk, [Hit("/")], **measure_args)
            print(f"  hello: {results['pages']['hello']['rps']:.0f} req/s", flush=True)
    if not {"pages", "claims"} & set(args.phases):
        return results
    with gunicorn(args.app_root, "wsgi:app", env, workers, logs, db_pid=postgres_pid(app)) as server:
        if "pages" in args.phases:
            for name, pool in pools(server.base, targets, args.pages).items():
                warmed = warm_for_the_minute(server, pool, args) if name in KEPT_FOR_THE_MINUTE else {}
                minute = warmed.pop("minute", None)
                results["pages"][name] = measure(server, wrk, pool, **measure_args) | warmed
                if minute is not None:  # each worker computes the figures again when the minute turns
                    results["pages"][name]["minute_turned"] = int(time.time() // 60) != minute
                if pool[0].method == "GET":
                    results["pages"][name]["repeat_status"] = repeat_status(server.base, pool[0])
                else:
                    results["pages"][name]["verified"] = verified(server.base, pool[0])
                if name == "credential_json":  # the bytes signed once, when the award was signed
                    results["pages"][name]["stored_bytes"] = fetched(server.base, pool[0]) == targets.held[0][2].encode()
                print(f"  {name}: {results['pages'][name]['rps']:.0f} req/s", flush=True)
        if "claims" in args.phases:
            results["claims"] = run_claims(args, app, server, targets)
    return results


def warm_for_the_minute(server, pool: list[Hit], args) -> dict:
    """Start at the top of a minute when the warming and the measure would not fit in what is
    left of this one, then ask for the page until every worker has computed its figures: the
    first of those answers is a worker computing them (``cold_ms``)."""
    needed = args.duration + 25  # the warming, the measure's warm-up and its pauses for the server to go idle
    if time.time() % 60 + needed > 60:
        time.sleep(60 - time.time() % 60 + 0.2)
    minute = int(time.time() // 60)
    return {"cold_ms": warm(server, pool, connections=args.connections) * 1000, "minute": minute}


def run_claims(args, app, server, targets: appside.Targets) -> dict:
    from lms.core import clock

    reviewers = appside.claim_reviewers(app, targets, args.claims)
    if not reviewers:
        return {"rps": 0.0, "double_claims": 0, "claims": 0, "note": "no learner left to claim"}
    since = clock.now()
    result = claims.run_claims(server, targets, reviewers, args.reviewers)
    return result | claims.double_claims(app, targets, since)


def mail_phases(args, app) -> dict:
    """The scheduler's jobs, in this process, with e-mail to a sink in another process."""
    results = {}
    for phase, body in (("release", appside.release), ("schedule_change", appside.schedule_change)):
        if phase in args.phases:
            with smtp_sink(PYTHON) as (port, received), appside.mail_to_sink(app, port):
                results[phase] = body(app)
            results[phase] |= {"emails": received.get("messages", 0), "unique_message_ids": received.get("unique_message_ids", 0)}
            print(f"  {phase}: {results[phase]['emails']} e-mails in {results[phase]['seconds']:.1f} s", flush=True)
    if "awards" in args.phases:
        results["awards"] = appside.awards(app)
    return results


def counted_requests(targets: appside.Targets, chosen: set[str]) -> dict[str, tuple]:
    """For the statement counts: name -> (who logs in: a learner's e-mail, the tutor's or "", path[, body])."""
    named = {}
    for name, (who, path) in chosen_paths(targets, chosen).items():
        if who == "holder":
            named[name] = (targets.held[0][0], path.format(uid=targets.held[0][1]))
        elif who == "verifier":
            named[name] = ("", path, verify_body(targets.held[0][2]))
        else:
            named[name] = (targets.learners[0] if who == "learner" else TUTOR_EMAIL if who else "", path.format(uid=targets.uids[0]))
    return named


def upgrade_schema(app, app_root: Path) -> None:
    """--reuse: bring a database generated by an earlier checkout up to this one's migrations (the data stays)."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=str(app_root / "migrations"))


def with_ratios(pages: dict, statements: dict[str, int]) -> None:
    hello = pages.get("hello")
    for name, page in pages.items():
        page["sql"] = statements.get(name, 0)
        if hello and hello["rps"] and hello.get("cpu_ms"):
            page["ratio"] = page["rps"] / hello["rps"]
            page["cpu_ratio"] = hello["cpu_ms"] / page["cpu_ms"] if page.get("cpu_ms") else None


def rounded(value):
    """Figures as a person reads them: four significant digits."""
    if isinstance(value, float):
        return float(f"{value:.4g}")
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    return value


def app_commit(app_root: Path) -> str:
    found = subprocess.run(["git", "-C", str(app_root), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return found.stdout.strip() or "unknown"


def main() -> int:
    args = parse_args()
    sys.path.insert(0, str(args.app_root))
    if not args.reuse:
        subprocess.run([PYTHON, str(HERE / "generate.py"), "--size", args.size, "--database-url", args.database_url,
                        "--app-root", str(args.app_root)], check=True)
    # /verify.json is limited per client address (30 a minute by default): every request here comes from 127.0.0.1.
    # One base URL from run to run: the verifier reads the credentials signed under it here (not over HTTP).
    env = {**os.environ, "LMS_DATABASE_URL": args.database_url, "LMS_SECRET_KEY": "bench-secret",
           "LMS_MAIL_TRANSPORT": "file", "LMS_MAIL_OUTBOX": str(args.app_root / "instance/bench-outbox"),
           "LMS_VERIFIER_LIMIT_PER_ADDRESS": "10000000 per minute",
           "LMS_BASE_URL": os.environ.get("LMS_BASE_URL", "http://127.0.0.1:5000")}
    os.environ.update({key: value for key, value in env.items() if key.startswith("LMS_")})
    from lms import create_app

    app = create_app()
    if args.reuse:
        upgrade_schema(app, args.app_root)
    signing = "pages" in args.phases and (not args.pages or bool(CREDENTIAL_PAGES & args.pages))
    targets = appside.find_targets(app, args.learners, credentials=signing)
    bench_events.prepare(app, targets.learners)  # the event page: a full workshop with a waiting list
    bench_resources.prepare(app)  # the resource library's search: 5,000 resources
    results = {"size": args.size, "database": args.database_url.split(":")[0].split("+")[0], "app": app_commit(args.app_root),
               "duration": args.duration, "connections": args.connections}
    if targets.signing:
        results["signing"] = targets.signing | {"held": len(targets.held)}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        logs = args.logs or Path(scratch)
        logs.mkdir(parents=True, exist_ok=True)
        results |= serve_and_load(args, app, targets, env, ensure_wrk(), logs)
    if "pages" in args.phases:
        with_ratios(results["pages"], appside.count_statements(app, counted_requests(targets, args.pages)))
    results |= mail_phases(args, app)
    results["learners"] = appside.enrolled(app)
    print_report(args, results)
    if args.json:
        args.json.write_text(json.dumps(rounded(results), indent=2, default=str) + "\n")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
