"""bench/load's summary on the terminal (the same figures as --json)."""

from __future__ import annotations


def _number(value, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def print_pages(pages: dict) -> None:
    print(f"{'page':<17} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8} {'SQL':>4} {'ratio':>6} "
          f"{'cpu_ratio':>9} {'KiB':>6} {'errors':>6}  how")
    for name, page in pages.items():
        db = f"  (+ PostgreSQL {page['db_cpu_ms']:.2f} ms)" if page.get("db_cpu_ms") is not None else ""
        print(f"{name:<17} {page['rps']:>8.1f} {_number(page.get('p50_ms'), '>8.1f')} {_number(page.get('p99_ms'), '>8.1f')} "
              f"{_number(page.get('cpu_ms'), '>8.2f')} {page.get('sql', 0):>4} {_number(page.get('ratio'), '>6.2f')} "
              f"{_number(page.get('cpu_ratio'), '>9.3f')} {page.get('kb', 0):>6.1f} {page.get('errors', 0):>6}  "
              f"{page.get('mode', '')}, {page.get('requests', 0)} served{db}"
              + (f", repeat fetch {page['repeat_status']}" if page.get("repeat_status") else "")
              + ("" if "verified" not in page else ", verified" if page["verified"] else ", NOT VERIFIED (see above)")
              + ("" if "stored_bytes" not in page else ", the stored signed bytes" if page["stored_bytes"] else ", NOT the stored bytes")
              + (f", computing its figures {page['cold_ms']:.0f} ms" if page.get("cold_ms") is not None else ""))


def print_report(args, results: dict) -> None:
    print(f"\nbench/load --size {args.size} ({results.get('learners', 0):,} learners) on {results['database']} · app "
          f"{results['app']} · gunicorn {results.get('workers')} sync workers · {args.duration:g} s per page")
    signing = results.get("signing")
    if signing:
        print(f"3.0 credentials: {signing['held']} learners' signed awards for the credential pages"
              + (f"; sign-missing-credentials signed {signing['signed']:,} in {signing['runs']} runs, {signing['seconds']:.1f} s "
                 f"({signing['ms_each']:.1f} ms each)" if signing.get("signed") else " (signed before)"))
    if results.get("pages"):
        print_pages(results["pages"])
    claims = results.get("claims")
    if claims:
        print(f"claims: {claims['rps']:.1f} claims/s ({claims.get('claims', 0)} by {claims.get('reviewers', 0)} reviewers, "
              f"{claims.get('concurrency', 0)} at once, {_number(claims.get('cpu_ms'), '.2f')} ms CPU each), "
              f"double claims {claims['double_claims']}, nothing left {claims.get('nothing_left', 0)}, "
              f"failed {claims.get('failed', 0)}" + (f" {claims.get('outcomes')}" if claims.get("failed") else ""))
    for phase, label in (("release", "release (one module to the run)"), ("schedule_change", "schedule change")):
        found = results.get(phase)
        if found:
            print(f"{label}: {found['learners']:,} learners told, {found['emails']:,} e-mails received by the sink "
                  f"({found['unique_message_ids']:,} distinct Message-IDs) in {found['seconds']:.1f} s")
    awards = results.get("awards")
    if awards:
        print(f"awards: {awards['count']:,} in {awards['seconds']:.2f} s")
