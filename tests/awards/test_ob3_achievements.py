"""Each badge class's hosted Open Badges 3.0 Achievement."""

from __future__ import annotations

from sqlalchemy import select

from lms.core.extensions import db
from lms.courses.models import BadgeClass


def test_a_badge_class_has_its_achievement_at_a_stable_url(app, practice, client):
    response = client.get("/badges/classes/practice-basics/achievement.json")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    achievement = response.get_json()
    assert achievement["id"] == "http://localhost/badges/classes/practice-basics/achievement.json"
    assert achievement["type"] == ["Achievement"] and achievement["achievementType"] == "Badge"
    assert achievement["name"] == "Practice Basics"
    assert achievement["criteria"]["id"] == "http://localhost/badges/classes/practice-basics#criteria"
    assert achievement["criteria"]["narrative"]
    assert achievement["alignment"] == [{"type": ["Alignment"], "targetName": "Pass quizzes", "targetType": "ext:LearningOutcome",
                                         "targetUrl": "http://localhost/courses/practice#outcome-1"}]
    assert response.headers["ETag"] and client.get(response.request.path, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_the_course_badge_is_an_achievement_too(app, practice, client):
    slug = db.session.scalar(select(BadgeClass.slug).where(BadgeClass.module_id.is_(None)))
    achievement = client.get(f"/badges/classes/{slug}/achievement.json").get_json()
    assert achievement["name"] == "Practice Graduate" and achievement["achievementType"] == "Badge"


def test_an_unknown_badge_has_no_achievement(app, practice, client):
    assert client.get("/badges/classes/nope/achievement.json").status_code == 404
