"""The learner's and the tutor's journey in a real browser: every page it visits is checked with axe
and must fit a phone 390 px wide (and the desktop) without sideways scrolling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from badges import baking
from lms.peer_review import services as peer_review
from tests.accounts.mailbox import confirm_in_browser
from tests.conftest import NOW
from tests.e2e.conftest import PHONE, check_page_and_phone, tab_to
from tests.factories import PASSWORD, make_course_tutor, make_enrolment, make_user

pytestmark = pytest.mark.slow  # a real browser


def seed_peer_and_tutor():
    peer = make_user(name="Priya Peer", email="priya@school.example", now=NOW)
    make_enrolment(peer, "journey", now=NOW)
    peer_review.save_submission(peer, "journey", "start", "plan", text="I will ask about their favourite lesson first.",
                                upload=None, upload_dir=None, max_bytes=0, now=NOW)
    make_course_tutor("journey", now=NOW, email="tess@school.example")


def log_in(page, site: str, email: str) -> None:
    page.goto(f"{site}/login")
    check_page_and_phone(page, "login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")


def register_and_read_the_first_page(page, site: str, smtp) -> None:
    page.goto(site + "/")
    check_page_and_phone(page, "catalogue")
    page.click("text=Register")
    check_page_and_phone(page, "register")
    page.fill("#name", "Nadia Newcomer")
    page.fill("#email", "nadia@school.example")
    page.fill("#password", "a long enough phrase")
    page.fill("#confirm", "a long enough phrase")
    page.click("main button[type=submit]")
    assert "We have sent a link to" in page.inner_text("main")
    confirm_in_browser(page, site, smtp)
    assert "Welcome, Nadia Newcomer!" in page.content()

    page.click("text=Career Conversations")
    check_page_and_phone(page, "course")
    cover = page.locator("main img.cover")
    assert cover.get_attribute("alt").startswith("A school") and cover.evaluate("img => img.naturalWidth") == 640
    assert "Opens Mon, 9 Oct 2017, 09:00 CEST" in page.inner_text("main")  # the next module is locked, with its date
    page.click("text=Enrol in Current run")
    assert page.url.endswith("/courses/journey/modules/start/why-talk-about-careers")
    check_page_and_phone(page, "unit")
    page.click("text=Mark as done")
    check_page_and_phone(page, "module")
    assert "1 of 1 page read" in page.inner_text("main")
    assert "Start reading" not in page.inner_text("main")  # the page is read: the next step is the quiz
    assert page.locator("main .next-step a", has_text="Pass the quiz").is_visible()


def answer_the_quiz_and_review_a_peer_with_the_keyboard(page, site: str) -> None:
    # The quiz, with the keyboard alone.
    page.click("text=Quick check")
    check_page_and_phone(page, "quiz")
    tab_to(page, "#q0-0")
    page.keyboard.press("Space")
    tab_to(page, "form.quiz button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Attempt 1: 100% — passed" in page.inner_text("main")

    # The assignment, then a peer's work, reviewed with the keyboard alone.
    page.goto(site + "/courses/journey/modules/start/assignments/plan")
    check_page_and_phone(page, "assignment")
    page.fill("#text", "I will start with what the student enjoys and link it to real jobs.")
    page.click("text=Submit my work")
    page.click("text=Get a submission to review")
    check_page_and_phone(page, "rubric")
    assert "Priya" not in page.content()  # anonymous
    tab_to(page, "input[name=score-0]")
    page.keyboard.press("ArrowRight")  # from level 0 to level 1
    page.keyboard.press("ArrowRight")  # level 2
    tab_to(page, "#comment-0")
    page.keyboard.type("A clear and friendly opening question.")
    tab_to(page, ".rubric-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page_and_phone(page, "review-sent")
    text = page.inner_text("main")
    assert "Module complete: “Starting a career conversation”" in text
    assert "You have completed the course “Career Conversations”!" in text


def go_to_my_badges_through_the_phone_menu_with_the_keyboard(page) -> None:
    """On a phone the links hide behind a Menu button that the keyboard opens; Log out is on screen."""
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    log_out = page.locator(".nav-menu button", has_text="Log out")
    assert not page.locator(".nav-wide").is_visible() and not log_out.is_visible()
    tab_to(page, ".nav-menu summary")
    page.keyboard.press("Enter")
    box = log_out.bounding_box()
    assert log_out.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    check_page_and_phone(page, "menu-open")
    tab_to(page, ".nav-menu a[href$='/my/badges']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/my/badges")
    page.set_viewport_size(desktop)


def test_a_newcomer_goes_from_registration_to_a_verified_certificate(app, journey_course, site, new_page, smtp):
    seed_peer_and_tutor()
    page = new_page()
    register_and_read_the_first_page(page, site, smtp)
    answer_the_quiz_and_review_a_peer_with_the_keyboard(page, site)

    page.goto(site + "/dashboard")
    check_page_and_phone(page, "dashboard")
    assert "✓ Course complete — get your certificate" in page.inner_text("main")
    assert "Continue" not in page.inner_text("main")

    go_to_my_badges_through_the_phone_menu_with_the_keyboard(page)
    check_page_and_phone(page, "badges")
    assert "Conversation Starter" in page.inner_text("main")
    page.click(".badge-card:has-text('Conversation Starter') summary")  # the card's menu of downloads
    with page.expect_download() as download:
        page.click(".badge-card:has-text('Conversation Starter') >> text=Image with your badge inside (PNG)")
    baked = json.loads(baking.unbake(Path(download.value.path()).read_bytes()))
    assert baked["type"] == "Assertion" and baked["id"].startswith(site + "/badges/assertions/")

    page.click("text=Page that proves it is genuine")
    check_page_and_phone(page, "certificate")
    assert "Valid." in page.inner_text("main") and "Nadia Newcomer" not in page.inner_text("main")  # not chosen to show


def test_a_tutor_moves_a_release_and_the_learner_sees_the_new_date(app, journey_course, site, new_page):
    seed_peer_and_tutor()
    tutor = new_page()
    log_in(tutor, site, "tess@school.example")
    tutor.click("nav >> text=Teaching")
    check_page_and_phone(tutor, "teaching")
    tutor.click("text=quiz results and reflections")
    tutor.set_viewport_size({"width": 1280, "height": 900})  # the answers grid fits the desktop too
    check_page_and_phone(tutor, "tutor-answers")
    assert tutor.get_attribute(".table-scroll", "tabindex") == "0"  # the keyboard can scroll a wide grid
    tutor.go_back()
    tutor.click("text=schedule")
    check_page_and_phone(tutor, "tutor-schedule")
    tutor.select_option("#shift_from", "next-steps")
    tutor.fill("#shift_days", "2")
    tutor.click("text=Preview changes")
    assert "1 enrolled learner " in tutor.inner_text("main")
    check_page_and_phone(tutor, "tutor-preview")
    tutor.click("text=Save and notify")
    check_page_and_phone(tutor, "tutor-saved")
    assert "Saved 1 new date." in tutor.inner_text("main")

    learner = new_page()
    log_in(learner, site, "priya@school.example")
    learner.goto(site + "/courses/journey")
    check_page_and_phone(learner, "course-moved")
    assert "Opens Wed, 11 Oct 2017, 09:00 CEST" in learner.inner_text("main")
    learner.click("nav >> text=Notifications")
    check_page_and_phone(learner, "notifications")
    assert "Next steps now opens Wed, 11 Oct 2017, 09:00 CEST" in learner.inner_text("main")
