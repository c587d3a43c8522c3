"""Rating a resource once (1 to 5; a change updates it; a double click makes one row), the
saved list (My resources), and what privacy exports and erases of both."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.resources import personal_data
from lms.resources import services as resources
from lms.resources.models import ResourceRating, SavedResource
from tests.conftest import NOW, csrf_from
from tests.factories import make_learner_client, make_user
from tests.resources.conftest import add_resources, spec

_raters = iter(range(10_000))


def rate_as(app, slug: str, stars: int) -> None:
    user = make_user(email=f"rater{next(_raters)}@example.org", now=NOW)
    resources.rate_resource(user.id, slug, stars, now=NOW)
    db.session.commit()


def test_a_practitioner_rates_once_and_a_second_rating_changes_the_first(app, courses):
    add_resources(spec("kit", "A kit"))
    user, client = make_learner_client(app, now=NOW)
    page = client.get("/resources/kit").get_data(as_text=True)
    token = csrf_from(page)
    for stars in ("4", "4"):  # a double click
        assert client.post("/resources/kit/rating", data={"stars": stars, "csrf_token": token}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ResourceRating)) == 1
    rate_as(app, "kit", 1)
    html = client.get("/resources/kit").get_data(as_text=True)
    assert "2.5 out of 5 (2 ratings)" in html
    assert "Your rating: 4 out of 5. Change it?" in html
    client.post("/resources/kit/rating", data={"stars": "5", "csrf_token": token})
    assert "3 out of 5 (2 ratings)" in client.get("/resources/kit").get_data(as_text=True)
    assert db.session.scalar(select(ResourceRating.stars).where(ResourceRating.user_id == user.id)) == 5


def test_a_rating_outside_one_to_five_is_refused_with_the_fields_error(app, courses):
    add_resources(spec("kit", "A kit"))
    _, client = make_learner_client(app, now=NOW)
    token = csrf_from(client.get("/resources/kit").get_data(as_text=True))
    for bad in ("0", "6", "x", "", "\x00"):
        response = client.post("/resources/kit/rating", data={"stars": bad, "csrf_token": token})
        assert response.status_code == 400
        assert "has-error" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ResourceRating)) == 0


def test_signed_out_readers_see_the_page_but_cannot_rate_or_save(app, client):
    add_resources(spec("kit", "A kit"))
    html = client.get("/resources/kit").get_data(as_text=True)
    assert "to rate this resource and save it to your own list" in html
    assert client.post("/resources/kit/rating", data={"stars": "5"}).status_code in (302, 400)
    assert client.get("/my/resources").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ResourceRating)) == 0


def test_saving_to_my_resources_once_and_removing(app, courses):
    add_resources(spec("kit", "A kit"), spec("other", "Another kit"))
    _, client = make_learner_client(app, now=NOW)
    token = csrf_from(client.get("/resources/kit").get_data(as_text=True))
    for _ in range(2):
        client.post("/resources/kit/save", data={"csrf_token": token})
    assert db.session.scalar(select(func.count()).select_from(SavedResource)) == 1
    html = client.get("/my/resources").get_data(as_text=True)
    assert "A kit" in html and "Another kit" not in html
    assert "On your list." in client.get("/resources/kit").get_data(as_text=True)
    client.post("/resources/kit/unsave", data={"csrf_token": token, "back": "list"})
    assert "You have not saved any resource yet." in client.get("/my/resources").get_data(as_text=True)


def test_unknown_and_odd_slugs_are_not_found(app, client):
    for slug in ("nothing", "x" * 500, "%00", "a%00b"):
        assert client.get(f"/resources/{slug}").status_code in (404, 400)


def test_export_and_erase_of_a_persons_ratings_and_list(app):
    add_resources(spec("kit", "A kit"))
    user = make_user(email="ada@example.org", now=NOW)
    other = make_user(email="bob@example.org", now=NOW)
    resources.rate_resource(user.id, "kit", 5, now=NOW)
    resources.rate_resource(other.id, "kit", 1, now=NOW)
    resources.save_resource(user.id, "kit", now=NOW)
    db.session.commit()
    exported = {name: list(rows) for name, rows in personal_data.export(user.id)}
    assert exported["resource_ratings.json"] == [{"resource": "kit", "title": "A kit", "stars": 5, "rated_at": NOW}]
    assert [row["resource"] for row in exported["saved_resources.json"]] == ["kit"]
    personal_data.erase(user.id, now=NOW)
    db.session.commit()
    assert {name: list(rows) for name, rows in personal_data.export(user.id)} == {"resource_ratings.json": [], "saved_resources.json": []}
    page = resources.get_resource_page("kit", other.id)
    assert (page.resource.rating_count, page.average) == (1, 1.0)  # the other person's rating stays


def test_ratings_sent_at_once_from_several_tabs_leave_one_row_and_a_true_average(app, courses):
    import threading

    add_resources(spec("kit", "A kit"))
    _, first = make_learner_client(app, now=NOW)
    token = csrf_from(first.get("/resources/kit").get_data(as_text=True))
    cookie = first.get_cookie("session").value
    clients = [first] + [app.test_client() for _ in range(7)]
    for client in clients[1:]:
        client.set_cookie("session", cookie)  # the same practitioner in eight tabs
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def send(client, stars: int) -> None:
        start.wait()
        statuses.append(client.post("/resources/kit/rating", data={"stars": str(stars), "csrf_token": token}).status_code)

    threads = [threading.Thread(target=send, args=(client, 1 + n % 5)) for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [302] * len(clients)
    db.session.remove()
    stars = db.session.scalars(select(ResourceRating.stars)).all()
    assert len(stars) == 1
    page = resources.get_resource_page("kit", None)
    assert (page.resource.rating_count, page.resource.rating_total) == (1, stars[0])


def test_different_people_rating_at_once_are_all_counted(app):
    import threading

    add_resources(spec("kit", "A kit"))
    users = [make_user(email=f"at-once{n}@example.org", now=NOW).id for n in range(6)]
    db.session.commit()
    start = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def rate(user_id: int, stars: int) -> None:
        with app.app_context():
            try:
                start.wait()
                resources.rate_resource(user_id, "kit", stars, now=NOW)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 (reported below)
                errors.append(error)

    threads = [threading.Thread(target=rate, args=(user_id, 1 + n % 5)) for n, user_id in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    db.session.remove()
    page = resources.get_resource_page("kit", None)
    assert (page.resource.rating_count, page.resource.rating_total) == (6, 1 + 2 + 3 + 4 + 5 + 1)
