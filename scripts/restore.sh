#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh:  scripts/restore.sh DATABASE_URL FILE
# The target database must exist (PostgreSQL: createdb first); its tables are replaced.
set -euo pipefail
url="${1:?DATABASE_URL}"; file="${2:?FILE}"
case "$url" in
  postgresql*)
    libpq="${url/postgresql+psycopg:/postgresql:}"
    "${PG_BIN:+$PG_BIN/}pg_restore" --no-owner --clean --if-exists --exit-on-error --dbname="$libpq" "$file" ;;
  sqlite:///*)
    python3 -c 'import sqlite3, sys; s = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
      "$file" "${url#sqlite:///}" ;;
  *) echo "unsupported database URL: $url" >&2; exit 2 ;;
esac
echo "restored $file" >&2
