"""The before/after tables of bench/README.md, from bench/load --json files.

    python bench/table.py DIR

reads DIR/before-{L,XL}-{sqlite,pg}.json and DIR/after-….json (a missing file shows as
"—") and prints Markdown: CPU per request and its ratio to hello world's, requests/s and
their ratio, SQL statements, then the claims, the release, the schedule change and the awards."""

from __future__ import annotations

import json
import sys
from pathlib import Path

CONFIGS = (("L", "sqlite", "L · SQLite"), ("L", "pg", "L · PostgreSQL"), ("XL", "sqlite", "XL · SQLite"), ("XL", "pg", "XL · PostgreSQL"))
PAGES = ("hello", "module", "unit", "dashboard", "course", "tutor_answers", "tutor_assignment", "tutor_overview", "tutor_learners",
         "assertion", "baked_png")


def load(folder: Path, when: str, size: str, database: str) -> dict | None:
    path = folder / f"{when}-{size}-{database}.json"
    return json.loads(path.read_text()) if path.exists() else None


def cell(data: dict | None, pick) -> str:
    try:
        value = pick(data) if data else None
    except (KeyError, TypeError):
        value = None
    return "—" if value is None else value


def page_figure(name: str, figure: str, fmt: str):
    def pick(data: dict):
        page = data["pages"][name]
        value, ratio = page[figure], page["cpu_ratio" if figure == "cpu_ms" else "ratio"]
        if value is None:
            return None
        return format(value, fmt) + (f" ({ratio:.2g})" if ratio is not None else "")
    return pick


def table(folder: Path, title: str, rows: list[tuple[str, object]]) -> None:
    header = " | ".join(f"{label} before | after" for _, _, label in CONFIGS)
    print(f"\n**{title}**\n\n| | {header} |\n|---|{'---:|' * 2 * len(CONFIGS)}")
    for label, pick in rows:
        cells = []
        for size, database, _ in CONFIGS:
            cells += [cell(load(folder, "before", size, database), pick), cell(load(folder, "after", size, database), pick)]
        print(f"| {label} | " + " | ".join(map(str, cells)) + " |")


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    table(folder, "Server CPU per request, ms (ratio to hello world's: hello's CPU / the page's)",
          [(name, page_figure(name, "cpu_ms", ".2f")) for name in PAGES])
    table(folder, "Requests per second (ratio to hello world's, same run)",
          [(name, page_figure(name, "rps", ".1f")) for name in PAGES])
    table(folder, "SQL statements per request", [(name, lambda d, n=name: d["pages"][n]["sql"]) for name in PAGES])
    table(folder, "Jobs and claims", [
        ("release: e-mails / seconds", lambda d: f"{d['release']['emails']:,} / {d['release']['seconds']:.1f} s"),
        ("schedule change: e-mails / seconds",
         lambda d: f"{d['schedule_change']['emails']:,} / {d['schedule_change']['seconds']:.1f} s"),
        ("awards: count / seconds", lambda d: f"{d['awards']['count']:,} / {d['awards']['seconds']:.2f} s"),
        ("claims/s (16 reviewers)", lambda d: f"{d['claims']['rps']:.1f}"),
        ("CPU per claim, ms", lambda d: f"{d['claims']['cpu_ms']:.1f}"),
        ("double claims", lambda d: d["claims"]["double_claims"]),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
