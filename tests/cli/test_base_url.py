"""After `PORT=8000 make run`, links printed by flask commands in another shell point at
port 8000: `flask demo welcome` (which make run starts) records the address it serves on,
and a new process reads it, unless LMS_BASE_URL says otherwise."""

from __future__ import annotations

import config
from lms import create_app
from lms.core.extensions import db
from lms.core.leadership import leadership
from tests.conftest import NOW
from tests.factories import make_learner


def award_link(app, served_file, badge: str) -> str:
    """`flask badges award` as a command run later in another shell: a new app, no overrides."""
    other = create_app(config.TestConfig, DATABASE_URL=app.config["DATABASE_URL"], SERVED_BASE_URL_FILE=str(served_file))
    with other.app_context():  # the command runs in the new app, not in the test's
        result = other.test_cli_runner().invoke(args=["badges", "award", "--email", "learner@example.org", "--badge", badge,
                                                      "--reason", "Excellent plan"])
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_links_printed_later_point_where_make_run_serves(app, runner, courses, live_server, tmp_path, monkeypatch):
    monkeypatch.delenv("LMS_BASE_URL", raising=False)
    served_file = tmp_path / "base_url"
    app.config["SERVED_BASE_URL_FILE"] = str(served_file)
    make_learner(email="learner@example.org", now=NOW)
    assert leadership(30).acquire()  # a scheduler is active
    db.session.commit()

    welcome = runner.invoke(args=["demo", "welcome", "--timeout", "20"])  # make run gives it LMS_BASE_URL
    assert welcome.exit_code == 0, welcome.output
    assert f"The LMS is ready at {live_server}/" in welcome.output
    assert welcome.output.rstrip().splitlines()[-4:] == [
        "  Log in as the tutor:   tutor@example.org / demo-password-2017",
        "  Riverside Library's coordinator: coordinator@example.org / demo-password-2017",
        "  The STEM Award's assessor:       assessor@example.org / demo-password-2017",
        f"  (flask commands in other shells print links to {live_server}: it is kept in {served_file})"]
    assert award_link(app, served_file, "stem-careers-introduction").startswith(f"{live_server}/badges/assertions/")

    monkeypatch.setenv("LMS_BASE_URL", "https://lms.example.org")
    assert award_link(app, served_file, "stem-careers-stem-careers-job-market").startswith("https://lms.example.org/badges/")
