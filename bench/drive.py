"""Driving one page: wrk with a Lua script spreading requests over a pool of sessions, or,
for a page that takes seconds, requests one after the other (16 connections on a page of
30 s would leave minutes of abandoned work behind the run). Either way the server's CPU
and the requests it served are read before and after (bench/serving.py)."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

import requests

SLOW_SECONDS = 1.0  # a first request slower than this: measure one request at a time
WARM_UP_SECONDS = 1
WARM_SECONDS = 30  # the longest a worker may take to compute what it keeps (gunicorn's own timeout)


@dataclass(frozen=True)
class Hit:
    """One request of a page's pool: a path, the session cookie it is sent with, a form body."""

    path: str
    cookie: str = ""
    method: str = "GET"
    body: str = ""


def ensure_wrk() -> str:
    if shutil.which("wrk") is None and os.geteuid() == 0:
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk", shell=True, check=True)
    path = shutil.which("wrk")
    if path is None:
        sys.exit("bench/load needs wrk (Debian package 'wrk').")
    return path


def _lua(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_script(pool: list[Hit]) -> str:
    """wrk picks a hit of the pool at random for each request."""
    entries = ",\n".join("{%s, %s, %s, %s}" % tuple(_lua(v) for v in (hit.method, hit.path, hit.cookie, hit.body))
                         for hit in pool)
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


def _ms(out: str, label: str) -> float | None:
    match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\b", out, re.M)
    if not match:
        return None
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run_wrk(wrk: str, base: str, pool: list[Hit], duration: float, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(pool))
    try:
        out = subprocess.run([wrk, "-t2", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "30s", "--latency",
                              "-s", script.name, base], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    timeouts = re.search(r"timeout (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": _ms(out, "50%"),
            "p99_ms": _ms(out, "99%"), "timeouts": int(timeouts.group(1)) if timeouts else 0}


def fetch(base: str, hit: Hit, timeout: float = 120) -> tuple[float, int, int]:
    """(seconds, status, bytes) of one request, redirects not followed."""
    started = time.perf_counter()
    try:
        response = requests.request(hit.method, base + hit.path, data=hit.body or None, allow_redirects=False,
                                    timeout=timeout, headers={"Cookie": hit.cookie} if hit.cookie else {})
    except requests.RequestException:  # killed at gunicorn's timeout, say
        return time.perf_counter() - started, 0, 0
    return time.perf_counter() - started, response.status_code, len(response.content)


def warm(server, pool: list[Hit], *, connections: int, rounds: int = 4) -> float:
    """One request alone (a worker computing what it keeps: its seconds are returned), then
    ``connections`` at a time, ``rounds`` times over, so that every worker has answered the page
    at least once and holds what it keeps for a while."""
    from concurrent.futures import ThreadPoolExecutor

    server.settle()
    cold, _, _ = fetch(server.base, pool[0], timeout=WARM_SECONDS)
    hits = [pool[number % len(pool)] for number in range(connections * rounds)]
    with ThreadPoolExecutor(connections) as threads:
        list(threads.map(lambda hit: fetch(server.base, hit, timeout=WARM_SECONDS), hits))
    return cold


def repeat_status(base: str, hit: Hit) -> int | None:
    """The status of a repeat fetch that sends back the first answer's validators (304 when
    the page supports conditional GET); None when the first answer had no ETag or Last-Modified."""
    first = requests.get(base + hit.path, headers={"Cookie": hit.cookie} if hit.cookie else {}, timeout=120)
    validators = {"If-None-Match": first.headers.get("ETag"), "If-Modified-Since": first.headers.get("Last-Modified")}
    validators = {name: value for name, value in validators.items() if value}
    if not validators:
        return None
    headers = validators | ({"Cookie": hit.cookie} if hit.cookie else {})
    return requests.get(base + hit.path, headers=headers, timeout=120, allow_redirects=False).status_code


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(server, wrk: str, pool: list[Hit], *, duration: float, connections: int) -> dict:
    """rps, p50/p99, CPU per request (gunicorn's, and the database server's when it runs here),
    requests served and failed, the size of a response in KiB."""
    server.settle()
    before = server.snapshot()
    seconds, status, size = fetch(server.base, pool[0])
    result = {"kb": round(size / 1024, 1), "first_status": status}
    if seconds < SLOW_SECONDS:
        run_wrk(wrk, server.base, pool, WARM_UP_SECONDS, connections)
        server.settle()
        before = server.snapshot()
        result |= run_wrk(wrk, server.base, pool, duration, connections) | {"mode": f"wrk {connections} connections"}
        server.settle()
        return result | per_request(before, server.snapshot())
    samples, statuses = [seconds], [status]
    started = time.perf_counter() - seconds
    while time.perf_counter() - started < duration:
        seconds, status, _ = fetch(server.base, pool[len(samples) % len(pool)])
        samples.append(seconds)
        statuses.append(status)
    result |= {"rps": len(samples) / (time.perf_counter() - started), "p50_ms": statistics.median(samples) * 1000,
               "p99_ms": percentile(samples, 0.99) * 1000, "mode": "one at a time", "no_answer": statuses.count(0)}
    server.settle()
    return result | per_request(before, server.snapshot(), attempted=len(samples))


def per_request(before, after, *, attempted: int | None = None) -> dict:
    """CPU per request served; one at a time, per request sent (a worker killed at gunicorn's
    timeout served nothing, but its CPU was spent on that request: the master reaped it)."""
    served = attempted or after.served - before.served
    result = {"requests": served, "errors": after.failed - before.failed,
              "cpu_ms": (after.cpu - before.cpu) * 1000 / served if served else None}
    if after.db_cpu is not None:
        result["db_cpu_ms"] = (after.db_cpu - before.db_cpu) * 1000 / served if served else None
    return result
