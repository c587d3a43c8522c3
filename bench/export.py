"""Time a run's CSV exports at a benchmark size: seconds and peak memory, each download in a
fresh process of its own.

    bench/export --size XL [--database-url URL] [--reuse] [--kinds progress,quizzes,reviews,badges]
                 [--json FILE] [--app-root PATH]

Generates the data first (bench/generate; its own database file by default,
instance/bench-export-<size>.sqlite, so that it never replaces the one bench/load uses) unless
--reuse. Then, for each export, a child process creates the app (production settings), logs the
tutor in through the real form, warms up with an export no learner matches, and downloads the
run's whole export through the Flask client, streamed, reading it chunk by chunk and throwing it
away. Twice per export:

1. timed: seconds to the first byte and to the last, rows and megabytes, and memory: the
   process's resident set before the download and its peak during it (Linux: the high-water mark
   is reset just before, through /proc/self/clear_refs), and their difference;
2. under tracemalloc (slower, so not timed): the peak of Python's own allocations during the
   download, which holds whatever the export keeps (a chunk of rows, the CSV buffer).

A flat export keeps both peaks the same whatever the cohort's size: compare --size S with XL."""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from cohort import COURSE, PASSWORD, RUN, SIZES, TUTOR_EMAIL  # noqa: E402  (this folder first)

KINDS = ("progress", "quizzes", "reviews", "badges")
PYTHON = str(HERE.parent / ".venv/bin/python")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
MB = 1024 * 1024


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="S")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reuse", action="store_true", help="use the data already generated")
    parser.add_argument("--kinds", default="progress", help="which exports, of " + ",".join(KINDS))
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--app-root", type=Path, default=HERE.parent, help="the checkout whose app is measured")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)  # one download, in this process
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.app_root = args.app_root.resolve()
    args.database_url = (args.database_url or os.environ.get("LMS_DATABASE_URL")
                         or f"sqlite:///{args.app_root}/instance/bench-export-{args.size}.sqlite")
    args.kinds = [kind for kind in args.kinds.split(",") if kind]
    if set(args.kinds) - set(KINDS):
        parser.error(f"unknown exports: {', '.join(sorted(set(args.kinds) - set(KINDS)))}")
    return args


def memory_kb(field: str) -> int:
    """VmRSS (resident now) or VmHWM (the resident peak) of this process, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak() -> bool:
    """Start the resident high-water mark again from the current size (Linux 4.0+)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def logged_in_tutor(app):
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    answer = client.post("/login", data={"email": TUTOR_EMAIL, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302, "the tutor could not log in"
    return client


def download(client, url: str) -> dict:
    """GET ``url`` streamed; (seconds to the first byte, to the last, bytes, CSV lines)."""
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    first, size, lines = None, 0, 0
    try:
        for chunk in response.response:
            first = first if first is not None else time.perf_counter() - started
            size += len(chunk)
            lines += chunk.count(b"\r\n")
    finally:
        response.close()
    return {"first_byte_s": first, "seconds": time.perf_counter() - started, "mb": size / MB, "rows": lines - 1}


def child(args) -> dict:
    """One export, downloaded in this process: the figures as a dict (printed as JSON)."""
    import tracemalloc

    sys.path.insert(0, str(args.app_root))
    os.environ.update({"LMS_DATABASE_URL": args.database_url, "LMS_SECRET_KEY": "bench-secret"})
    from lms import create_app

    app = create_app()
    client = logged_in_tutor(app)
    url = f"/tutor/courses/{COURSE}/runs/{RUN}/exports/{args.child}.csv?separator=comma"
    download(client, url + "&q=nobody-matches-this")  # warm-up: templates, statements, the pool
    gc.collect()
    before = memory_kb("VmRSS")
    peak_reset = reset_peak()
    if args.trace:
        tracemalloc.start()
    result = download(client, url)
    if args.trace:
        return {"tracemalloc_peak_mb": tracemalloc.get_traced_memory()[1] / MB}
    peak = memory_kb("VmHWM")
    return result | {"rss_before_mb": before / 1024, "rss_peak_mb": peak / 1024,
                     "rss_growth_mb": max(0, peak - before) / 1024, "peak_reset": peak_reset}


def measure(args, kind: str) -> dict:
    base = [PYTHON, str(Path(__file__).resolve()), "--child", kind, "--database-url", args.database_url,
            "--app-root", str(args.app_root)]
    figures = {}
    for extra in ([], ["--trace"]):
        done = subprocess.run(base + extra, capture_output=True, text=True)
        if done.returncode:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"the {kind} export failed")
        figures |= json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    args = parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return 0
    if not args.reuse:
        subprocess.run([PYTHON, str(HERE / "generate.py"), "--size", args.size, "--database-url", args.database_url,
                        "--app-root", str(args.app_root)], check=True)
    results = {"size": args.size, "learners": SIZES[args.size], "database": args.database_url.split(":")[0].split("+")[0],
               "exports": {}}
    for kind in args.kinds:
        figures = results["exports"][kind] = measure(args, kind)
        print(f"  {kind}: {figures['rows']:,} rows, {figures['mb']:.1f} MB in {figures['seconds']:.2f} s "
              f"(first byte after {figures['first_byte_s']:.3f} s); resident {figures['rss_before_mb']:.0f} MB before, "
              f"peak {figures['rss_peak_mb']:.0f} MB (+{figures['rss_growth_mb']:.1f} MB); "
              f"Python's peak allocation {figures['tracemalloc_peak_mb']:.1f} MB", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
