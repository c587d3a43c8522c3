"""The zip of a person's data, written as it is read: one JSON array per kind of record, rows
streamed from each feature's ``personal_data`` part, then their files, then a README."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from pathlib import Path

from lms import features
from lms.core.i18n import gettext

README_NAME = "README.txt"


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def write_archive(path: Path, user_id: int) -> None:
    """Write the archive at ``path`` (replaced whole only when complete: a crash leaves no half zip)."""
    partial = path.with_suffix(".part")
    written: list[str] = []
    readme: dict[str, str] = {}
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for _, part in features.personal_data_parts():
                readme.update({name: str(text) for name, text in getattr(part, "README", {}).items()})
                for name, rows in part.export(user_id):
                    _write_rows(archive, name, rows)
                    written.append(name)
                for name, source in part.files(user_id):
                    if isinstance(source, Path):
                        archive.write(source, name)
                    else:
                        archive.writestr(name, source)
                    written.append(name)
            archive.writestr(README_NAME, _readme(written, readme))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _write_rows(archive: zipfile.ZipFile, name: str, rows) -> None:
    """A JSON array written a row at a time: memory holds one row, however many there are."""
    with archive.open(name, "w") as out:
        out.write(b"[")
        for number, row in enumerate(rows):
            out.write((",\n" if number else "\n").encode())
            out.write(json.dumps(row, default=_plain, ensure_ascii=False).encode())
        out.write(b"\n]\n")


def _readme(written: list[str], described: dict[str, str]) -> str:
    lines = [gettext("A copy of the personal data this platform holds about you."), "",
             gettext("Each .json file is a list of records in JSON, readable by any text editor or program. "
                     "Times are in UTC (ISO 8601)."), ""]
    folders = {name.split("/", 1)[0] + "/" for name in written if "/" in name}
    for name in [*(n for n in written if "/" not in n), *sorted(folders)]:
        lines += [name, "    " + described.get(name, ""), ""]
    return "\n".join(lines)
