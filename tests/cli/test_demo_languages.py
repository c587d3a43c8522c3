"""The demo shows languages: some generated learners read the site in French, German, Spanish
or Italian (some also read peers' work in other languages); the demo accounts stay in English."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db


def test_demo_learners_speak_the_shipped_languages_and_the_demo_log_ins_stay_english(runner, courses):
    result = runner.invoke(args=["demo", "setup"])
    assert result.exit_code == 0, result.output
    people = {user.email: user for user in db.session.scalars(select(User))}
    speakers = [user for user in people.values() if user.language != "en"]
    assert {user.language for user in speakers} == {"fr", "de", "es", "it"}
    assert any(user.reads_languages for user in speakers) and any(not user.reads_languages for user in speakers)
    assert people["learner@example.org"].language == people["tutor@example.org"].language == "en"
    before = {email: (user.language, list(user.reads_languages)) for email, user in people.items()}
    assert runner.invoke(args=["demo", "setup"]).exit_code == 0
    db.session.expire_all()
    assert {user.email: (user.language, list(user.reads_languages)) for user in db.session.scalars(select(User))} == before


def test_demo_welcome_names_the_languages_each_in_itself(app):
    from lms.demo.cli import language_list

    assert language_list() == "English, Deutsch, Español, Français and Italiano"
