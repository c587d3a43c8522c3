"""Pinned copies of the public files Open Badges 3.0 needs, read from the package (never from the network).

``SOURCES`` says where each file comes from: URL, repository, commit, path and sha256.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import NamedTuple

SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
TEST_VECTOR = "eddsa-rdfc-2022-testvector.json"


class Source(NamedTuple):
    url: str | None  # None for a file with no single public URL (the assembled test vector)
    repository: str
    commit: str
    path: str
    sha256: str
    file: str


@cache
def sources() -> tuple[Source, ...]:
    found = []
    for line in read_bytes("SOURCES").decode("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        url, repository, commit, path, sha, file = line.split()
        found.append(Source(None if url == "-" else url, repository, commit, path,
                            sha.removeprefix("sha256="), file.removeprefix("file=")))
    return tuple(found)


def read_bytes(name: str) -> bytes:
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"not a bundled file name: {name!r}")
    return resources.files(__name__).joinpath(name).read_bytes()


@cache
def _json_text(name: str) -> str:
    return read_bytes(name).decode("utf-8")


def read_json(name: str):
    """A fresh parsed copy of a bundled JSON file (callers may change it)."""
    return json.loads(_json_text(name))


def file_for_url(url: str) -> str | None:
    for source in sources():
        if source.url == url:
            return source.file
    return None


def test_vector() -> dict:
    return read_json(TEST_VECTOR)
