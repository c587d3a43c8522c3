"""A module's ```discussion prompts as learners meet them: synced as activities, a card on their unit
page, the activity address leading to the module's forum, and "Contribute to the discussion" on the
checklist, met (with the module's badge) when the learner's visible posts reach the module's min_posts."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.awards.models import Assertion
from lms.core.extensions import db
from lms.courses.catalog import load_catalog
from lms.courses.models import Activity, BadgeClass, Module
from lms.discussions.models import Thread
from lms.courses.services.sync import sync_courses
from lms.learning import services as learning
from lms.learning.models import ModuleProgress
from tests.conftest import NOW, csrf_from, submit
from tests.discussions.blocks_helpers import enrolment_of, hide, post_in_forum, recount, remove
from tests.factories import make_course_tutor, make_enrolment, make_learner, make_user

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "discussion"
MODULE = "/courses/talk/modules/sharing/"


def talk_catalog():
    catalog = load_catalog(FIXTURE / "courses", FIXTURE / "content")
    assert catalog.ok, "\n".join(map(str, catalog.problems))
    return catalog


@pytest.fixture
def talk(app):
    """A two-module course: "sharing" asks for two contributions, "open-forum" only invites them."""
    app.config["CONTENT_DIR"] = str(FIXTURE / "content")  # its badge artwork
    sync_courses(talk_catalog().courses, now=NOW)
    db.session.commit()


def module_row(slug: str) -> Module:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def read_every_page(client) -> None:
    for unit in ("stories-from-your-school", "what-others-do"):
        assert submit(client, MODULE + unit + "/done", page=MODULE + unit).status_code == 302


def checklist_of(client) -> str:
    html = client.get(MODULE).get_data(as_text=True)
    return html[html.index('class="checklist"'):html.index("</ul>", html.index('class="checklist"'))]


def test_sync_creates_each_discussion_block_as_an_activity_once_and_a_second_sync_changes_nothing(app, talk):
    report = sync_courses(talk_catalog().courses, now=NOW)

    assert not report.changed
    kinds = db.session.execute(select(Activity.slug, Activity.kind, Activity.spec["min_posts"].as_integer())
                               .order_by(Activity.id)).all()
    assert kinds == [("career-story", "discussion", 2), ("one-question", "discussion", 1), ("anything", "discussion", 0)]
    sharing = module_row("sharing")
    assert sharing.requirements["rules"] == ["all_units", "discussion_posts"]
    assert (sharing.requirements["discussion"], sharing.requirements["min_posts"]) == (["career-story", "one-question"], 2)
    assert module_row("open-forum").requirements["rules"] == ["all_units"]


def test_a_changed_prompt_updates_the_same_activity_when_the_course_is_synced_again(app, talk):
    first_id = db.session.scalar(select(Activity.id).where(Activity.slug == "career-story"))
    course = talk_catalog().courses[0]
    module = course.modules[0]
    unit = module.units[0]
    story = replace(unit.activities[0], data={**unit.activities[0].data, "prompt_html": "<p>Tell us more.</p>", "min_posts": 3})
    changed = replace(course, source_hash="changed", modules=(
        replace(module, content_hash="changed", units=(replace(unit, activities=(story,), content_hash="changed"),
                                                       *module.units[1:])), *course.modules[1:]))

    report = sync_courses([changed], now=NOW)
    db.session.commit()

    assert ("module", "talk/sharing") in report.updated
    activity = db.session.scalar(select(Activity).where(Activity.slug == "career-story"))
    assert activity.id == first_id and activity.spec["prompt_html"] == "<p>Tell us more.</p>"
    assert module_row("sharing").requirements["min_posts"] == 3
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 3


def post_from_the_prompt(client, title: str) -> str:
    """Follow the unit page's "Join the discussion" and send the new thread's form; the page it leads to."""
    unit = client.get(MODULE + "stories-from-your-school").get_data(as_text=True)
    join = re.search(r'href="([^"]+)">Join the discussion</a>', unit).group(1).replace("&amp;", "&")
    form = client.get(join).get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([0-9a-f]{32})"', form).group(1)
    response = client.post(join, data={"csrf_token": csrf_from(form), "token": token, "title": title,
                                       "body": "Our physics teacher's former student now installs heat pumps."},
                           follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_checklist_counts_contributions_and_the_module_completes_with_its_badge_at_the_second_post(app, talk, client):
    user = make_learner("talk", now=NOW, client=client)
    read_every_page(client)

    before = checklist_of(client)
    assert "Contribute to the discussion" in before and "0 of 2 contributions posted" in before
    assert "Module complete" not in client.get(MODULE).get_data(as_text=True)

    post_from_the_prompt(client, "A heat pump installer")
    assert "1 of 2 contributions posted" in checklist_of(client)
    assert badges_of(user) == []

    thread_page = post_from_the_prompt(client, "A data analyst")

    assert "Module complete: “Sharing”" in thread_page  # said as the post is published
    assert "2 of 2 contributions posted" in checklist_of(client) and "Module complete" in client.get(MODULE).get_data(as_text=True)
    assert badges_of(user) == ["talk-sharing"]
    prompts = db.session.scalars(select(Thread.prompt_id).where(Thread.author_id == user.id)).all()
    assert prompts == [db.session.scalar(select(Activity.id).where(Activity.slug == "career-story"))] * 2


def badges_of(user) -> list[str]:
    return list(db.session.scalars(select(BadgeClass.slug).join(Assertion, Assertion.badge_class_id == BadgeClass.id)
                                   .where(Assertion.user_id == user.id)))


def test_posts_elsewhere_removed_or_hidden_do_not_count_and_a_completion_is_not_taken_back(app, talk):
    user = make_learner("talk", now=NOW)
    for unit in ("stories-from-your-school", "what-others-do"):
        learning.complete_unit(user, "talk", "sharing", unit, now=NOW)
    post_in_forum(make_learner("talk", now=NOW), "talk", "sharing", now=NOW)  # someone else's
    post_in_forum(user, "talk", "open-forum", now=NOW)  # another module's forum
    post_in_forum(user, "talk", None, now=NOW)  # the course-wide forum
    remove(user, post_in_forum(user, "talk", "sharing", now=NOW), now=NOW)
    hide(post_in_forum(user, "talk", "sharing", now=NOW), "talk", now=NOW)
    kept = post_in_forum(user, "talk", "sharing", now=NOW)

    progress = db.session.scalar(select(ModuleProgress).where(ModuleProgress.module_id == module_row("sharing").id,
                                                              ModuleProgress.enrolment_id == enrolment_of(user, "talk").id))
    assert (progress.discussion_posts, progress.completed_at) == (1, None)

    post_in_forum(user, "talk", "sharing", now=NOW)
    db.session.refresh(progress)
    assert progress.discussion_posts == 2 and progress.completed_at is not None

    remove(user, kept, now=NOW)  # a contribution deleted later lowers the count, not the completion or its badge
    recount(user, "talk", "sharing", now=NOW)
    db.session.refresh(progress)
    assert progress.discussion_posts == 1 and progress.completed_at is not None
    assert db.session.scalar(select(func.count()).select_from(Assertion).where(Assertion.user_id == user.id)) == 1


def test_the_unit_page_shows_the_prompt_with_a_way_into_the_module_forum(app, talk, client):
    make_learner("talk", now=NOW, client=client)

    html = client.get(MODULE + "stories-from-your-school").get_data(as_text=True)

    card = html[html.index('class="activity-card discussion-card"'):]
    card = card[:card.index("</section>")]
    assert "Share one STEM career story" in card
    assert "<strong>changed</strong>" in card and "<ol>" in card  # the prompt's Markdown, rendered
    assert 'href="/courses/talk/discussions/forums/sharing/new?prompt=career-story">Join the discussion</a>' in card
    assert 'href="/courses/talk/discussions/forums/sharing">' in card
    module_page = client.get(MODULE).get_data(as_text=True)
    assert "Join the discussion" in module_page and "<strong>changed</strong>" not in module_page  # cards only there


def test_the_activity_address_of_a_discussion_leads_to_the_module_forum(app, talk, client):
    make_learner("talk", now=NOW, client=client)

    response = client.get(MODULE + "activities/career-story")

    assert response.status_code == 302
    assert response.headers["Location"] == "/courses/talk/discussions/forums/sharing"


def test_the_next_step_after_reading_points_to_the_discussion(app, talk, client):
    make_learner("talk", now=NOW, client=client)
    read_every_page(client)

    html = client.get(MODULE).get_data(as_text=True)

    step = html[html.index('class="next-step"'):]
    assert 'href="/courses/talk/modules/sharing/activities/career-story">Contribute to the discussion</a>' in step[:400]


def test_a_module_that_only_invites_talk_completes_by_reading(app, talk, client):
    user = make_user(now=NOW)
    make_enrolment(user, "talk", now=NOW)
    learning.complete_unit(user, "talk", "open-forum", "anything-else", now=NOW)
    db.session.commit()

    row = db.session.scalar(select(ModuleProgress).where(ModuleProgress.module_id == module_row("open-forum").id))
    assert row.completed_at is not None and row.discussion_posts == 0


def test_the_tutors_pages_keep_working_for_a_course_with_discussion_prompts(app, talk, client):
    learner = make_learner("talk", now=NOW)
    learning.complete_unit(learner, "talk", "sharing", "stories-from-your-school", now=NOW)
    db.session.commit()
    make_course_tutor("talk", now=NOW, client=client)
    run = "/tutor/courses/talk/runs/open/"

    answers = client.get(run + "answers")
    pages = [client.get(run + path) for path in ("", "modules", f"learners/{learner.id}", "exports/progress.csv",
                                                 "exports/quizzes.csv")]

    assert answers.status_code == 200 and "Share one STEM career story" not in answers.get_data(as_text=True)
    assert [page.status_code for page in pages] == [200] * 5
