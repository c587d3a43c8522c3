"""What resources holds about a person, for the export and the erasure of an account: their
ratings and their saved list. Erasure deletes both and recounts the ratings they had given."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, select

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.resources.models import Resource, ResourceRating, SavedResource
from lms.resources.services.library import recount

README = {
    "resource_ratings.json": lazy_gettext("The resources you rated in the library, your rating (1 to 5) and when."),
    "saved_resources.json": lazy_gettext("The resources on your list (My resources) and when you saved each."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "resource_ratings.json", _ratings(user_id)
    yield "saved_resources.json", _saved(user_id)


def _ratings(user_id: int) -> Iterator[dict]:
    query = (select(Resource.slug, Resource.title, ResourceRating.stars, ResourceRating.rated_at)
             .join(Resource, Resource.id == ResourceRating.resource_id).where(ResourceRating.user_id == user_id)
             .order_by(ResourceRating.id))
    for slug, title, stars, rated_at in db.session.execute(query):
        yield {"resource": slug, "title": title, "stars": stars, "rated_at": rated_at}


def _saved(user_id: int) -> Iterator[dict]:
    query = (select(Resource.slug, Resource.title, SavedResource.saved_at)
             .join(Resource, Resource.id == SavedResource.resource_id).where(SavedResource.user_id == user_id)
             .order_by(SavedResource.id))
    for slug, title, saved_at in db.session.execute(query):
        yield {"resource": slug, "title": title, "saved_at": saved_at}


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    rated = list(db.session.scalars(select(ResourceRating.resource_id).where(ResourceRating.user_id == user_id)))
    db.session.execute(delete(ResourceRating).where(ResourceRating.user_id == user_id))
    db.session.execute(delete(SavedResource).where(SavedResource.user_id == user_id))
    for resource_id in rated:
        recount(resource_id)
    return []
