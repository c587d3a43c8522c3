import hashlib
import tomllib
from pathlib import Path

from badges.ob3 import data

ROOT = Path(__file__).resolve().parents[3]


def test_every_bundled_file_matches_its_sha256_in_sources():
    assert len(data.sources()) >= 9
    for source in data.sources():
        assert hashlib.sha256(data.read_bytes(source.file)).hexdigest() == source.sha256, source.file


def test_every_file_in_the_data_folder_is_listed_in_sources():
    folder = Path(data.__file__).parent
    listed = {source.file for source in data.sources()}
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name not in {"SOURCES", "__init__.py"}}
    assert present == listed


def test_the_contexts_a_credential_needs_are_bundled():
    for url in ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                "https://w3id.org/security/data-integrity/v2", "https://w3id.org/security/multikey/v1", data.SCHEMA_URL]:
        assert data.file_for_url(url), url


def test_package_data_ships_the_bundled_files():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["badges"]
    folder = Path(data.__file__).parent
    for source in data.sources():
        assert any((folder / source.file).match(str(ROOT / "badges" / p)) for p in patterns), source.file
    assert any((folder / "SOURCES").match(str(ROOT / "badges" / p)) for p in patterns)


def test_a_path_is_not_a_bundled_file_name():
    import pytest

    with pytest.raises(ValueError):
        data.read_bytes("../data/SOURCES")
