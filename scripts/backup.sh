#!/usr/bin/env bash
# Back up the LMS database:  scripts/backup.sh DATABASE_URL FILE
#   PostgreSQL: pg_dump in the custom format (restore with scripts/restore.sh).
#   SQLite:     a consistent copy taken with SQLite's online backup, safe while the app runs.
set -euo pipefail
url="${1:?DATABASE_URL}"; file="${2:?FILE}"
case "$url" in
  postgresql*)
    libpq="${url/postgresql+psycopg:/postgresql:}"
    "${PG_BIN:+$PG_BIN/}pg_dump" --format=custom --no-owner --dbname="$libpq" --file="$file" ;;
  sqlite:///*)
    python3 -c 'import sqlite3, sys; s = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
      "${url#sqlite:///}" "$file" ;;
  *) echo "unsupported database URL: $url" >&2; exit 2 ;;
esac
echo "backed up to $file" >&2
