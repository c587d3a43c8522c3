#!/usr/bin/env bash
# Builds the 1EdTech Open Badges validator (PyPI "openbadges" 1.1.2) in its own
# virtualenv: its pinned dependencies clash with ours, so it cannot share .venv.
set -euo pipefail
target="${1:-.venv-validator}"
python="${PYTHON:-python3}"
if [ -x "$target/bin/python" ] && "$target/bin/python" -c "import openbadges" 2>/dev/null; then
  exit 0
fi
rm -rf "$target"
"$python" -m venv "$target"
"$target/bin/pip" install --quiet --upgrade pip
"$target/bin/pip" install --quiet --no-deps openbadges==1.1.2
"$target/bin/pip" install --quiet openbadges-bakery==2.0.0 PyLD==0.7.1 python-jose==3.2.0 "pycryptodome>=3.20" \
  requests-cache==0.4.13 pydux==0.2.2 language-tags==0.4.3 python-mimeparse pytz aniso8601 click future jsonschema \
  six requests pillow
"$target/bin/python" -c "import openbadges"
