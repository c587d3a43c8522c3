import pytest

from tests.e2e.conftest import new_page  # noqa: F401  (the browser tests' fresh pages, a fixture)


@pytest.fixture(autouse=True)
def export_folder(app, tmp_path):
    """Exports go to this test's own folder (DATA_EXPORT_DIR), never the instance folder."""
    app.config["DATA_EXPORT_DIR"] = str(tmp_path / "exports")
    return tmp_path / "exports"
