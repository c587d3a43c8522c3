"""The architecture is checked on every run: import-linter's contracts (pyproject.toml),
module and function sizes, and that each feature's read-only query helpers only read."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source_root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=source_root, env={"PYTHONPATH": str(source_root), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=300,
    )


def test_every_import_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_broken_contract_fails_and_names_the_offending_import(tmp_path):
    for package in ("lms", "badges"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "templates", "static"))
    clock = tmp_path / "lms" / "core" / "clock.py"
    clock.write_text(clock.read_text() + "\nfrom lms.accounts.models import User  # the core reaching up\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "The core imports no feature BROKEN" in result.stdout
    assert "lms.core.clock -> lms.accounts.models" in result.stdout


def _python_files(*packages: str):
    for package in packages:
        yield from (path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def test_no_module_is_over_400_lines_and_no_function_over_60():
    too_long = []
    for path in _python_files("lms", "badges", "tests"):
        text = path.read_text()
        if len(text.splitlines()) > 400:
            too_long.append(f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 60:
                too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}() is {node.end_lineno - node.lineno + 1} lines")
    assert not too_long, "\n".join(too_long)


WRITES = {"add", "add_all", "delete", "merge", "flush", "commit", "insert", "update", "bulk_save_objects"}


def test_query_helpers_declared_read_only_only_read():
    """lms/<feature>/queries.py may read other features' tables (the contracts allow it); it must not write."""
    writes = []
    for path in [*(ROOT / "lms").glob("*/queries.py"), *(ROOT / "lms").glob("*/queries/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            name = node.func.attr if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else \
                node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None
            if name in WRITES:
                writes.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}()")
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) for t in node.targets):
                writes.append(f"{path.relative_to(ROOT)}:{node.lineno} sets an attribute")
    assert not writes, "\n".join(writes)


def test_every_feature_folder_is_registered_and_only_known_parts_sit_at_its_top():
    """A feature is a folder of one shape plus one line in lms.features.FEATURES."""
    from lms.features import FEATURES

    folders = {path.parent.name for path in (ROOT / "lms").glob("*/__init__.py")} - {"core"}
    assert folders == set(FEATURES)
    known = {"__init__", "models", "services", "queries", "views", "forms", "jobs", "cli", "templates", "personal_data"}
    helpers = {  # modules of a feature's own that are neither layer nor part, named in docs/architecture.md
        "notifications": {"delivery", "messages"}, "courses": {"catalog", "releases"},
        "peer_review": {"uploads"}, "awards": {"documents", "certificates", "credentials", "issuer_keys", "ob3_documents"},
        "cohort": {"charts"},
    }
    for feature in FEATURES:
        parts = {path.stem for path in (ROOT / "lms" / feature).iterdir() if path.name != "__pycache__"}
        assert parts <= known | helpers.get(feature, set()), f"{feature}: {sorted(parts - known)}"


def test_every_feature_is_named_in_the_contracts_that_govern_features():
    """Adding a feature is a line in FEATURES, and then its place in the contracts: forgetting
    the second would let it escape the layering unnoticed."""
    import tomllib

    from lms.features import FEATURES

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    by_name = {contract["name"]: contract for contract in contracts}
    core = by_name["The core imports no feature"]["forbidden_modules"]
    layered = " ".join(next(c for c in contracts if c["type"] == "layers" and "containers" not in c)["layers"])
    containers = next(c for c in contracts if c["type"] == "layers" and "containers" in c)["containers"]
    protected = {module for c in contracts if c["type"] == "protected" for module in c["protected_modules"]}
    for feature in FEATURES:
        assert f"lms.{feature}" in core and f"lms.{feature}" in containers, feature
        assert f"lms.{feature} " in f"{layered} ".replace("|", " "), feature
        own_parts = {path.stem for path in (ROOT / "lms" / feature).iterdir()} - {"__init__", "services", "templates", "__pycache__"}
        assert {f"lms.{feature}.{part}" for part in own_parts} <= protected, feature
