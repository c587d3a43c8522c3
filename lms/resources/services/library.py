"""One resource's page (its metadata, schema.org JSON-LD, Open Graph), rating it once, the
personal list of saved resources, and the cards a module's page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import delete, func, select, update

from lms.core.db import insert_ignoring_duplicates, lock_row
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.resources.models import ModuleResource, Resource, ResourceRating, SavedResource
from lms.resources.services.vocabulary import (
    AUDIENCES, SUBJECTS, audience_label, kind_label, licence_name, licence_url, subject_label, values_of,
)


@dataclass(frozen=True)
class ResourcePage:
    resource: Resource
    audience: list[str]
    subject: list[str]
    my_rating: int | None  # the reader's own, if signed in
    saved: bool

    @property
    def average(self) -> float | None:
        return self.resource.rating_total / self.resource.rating_count if self.resource.rating_count else None


@dataclass(frozen=True)
class Card:
    slug: str
    title: str
    summary: str
    kind: str
    kind_label: str
    language: str
    author: str
    url: str | None
    file: str | None
    average: float | None
    ratings: int


def _live(slug: str) -> Resource:
    resource = db.session.scalar(select(Resource).where(Resource.slug == slug, Resource.archived_at.is_(None))) if len(slug) <= 80 else None
    if resource is None:
        raise NotFound(gettext("No such resource."))
    return resource


def get_resource_page(slug: str, user_id: int | None) -> ResourcePage:
    """The resource with its audiences and subjects, and the reader's rating and list. One
    statement (two signed in)."""
    resource = _live(slug)
    mine, saved = None, False
    if user_id is not None:
        row = db.session.execute(
            select(select(ResourceRating.stars).where(ResourceRating.resource_id == resource.id, ResourceRating.user_id == user_id)
                   .scalar_subquery(),
                   select(SavedResource.id).where(SavedResource.resource_id == resource.id, SavedResource.user_id == user_id)
                   .exists())).one()
        mine, saved = row[0], bool(row[1])
    return ResourcePage(resource, [audience_label(v) for v in values_of(AUDIENCES, resource.audience_mask)],
                        [subject_label(v) for v in values_of(SUBJECTS, resource.subject_mask)], mine, saved)


def rate_resource(user_id: int, slug: str, stars: int | None, *, now: datetime) -> ResourcePage:
    """Rate the resource 1 to 5; a second rating changes the first (one row per person, also
    when two clicks arrive at once), then the average is recounted from the ratings."""
    if stars is None or not 1 <= stars <= 5:
        raise ValidationError("stars", gettext("Choose from 1 to 5 stars."))
    resource = _live(slug)
    lock_row(Resource, resource.id)  # raters of one resource take turns: each recount sees the ones before
    db.session.execute(insert_ignoring_duplicates(ResourceRating, conflict_columns=["resource_id", "user_id"])
                       .values(resource_id=resource.id, user_id=user_id, stars=stars, rated_at=now))
    db.session.execute(update(ResourceRating).where(ResourceRating.resource_id == resource.id, ResourceRating.user_id == user_id)
                       .values(stars=stars, rated_at=now))
    recount(resource.id)
    db.session.expire(resource)
    return get_resource_page(slug, user_id)


def recount(resource_id: int) -> None:
    """The resource's rating total and count, from its ratings (one UPDATE)."""
    ratings = select(ResourceRating).where(ResourceRating.resource_id == resource_id).subquery()
    db.session.execute(update(Resource).where(Resource.id == resource_id).values(
        rating_total=select(func.coalesce(func.sum(ratings.c.stars), 0)).scalar_subquery(),
        rating_count=select(func.count()).select_from(ratings).scalar_subquery()))


def save_resource(user_id: int, slug: str, *, now: datetime) -> None:
    """Put the resource on the person's list (a second click changes nothing)."""
    resource = _live(slug)
    db.session.execute(insert_ignoring_duplicates(SavedResource, conflict_columns=["user_id", "resource_id"])
                       .values(user_id=user_id, resource_id=resource.id, saved_at=now))


def unsave_resource(user_id: int, slug: str) -> None:
    resource = _live(slug)
    db.session.execute(delete(SavedResource).where(SavedResource.user_id == user_id, SavedResource.resource_id == resource.id))


def _card(resource: Resource) -> Card:
    average = resource.rating_total / resource.rating_count if resource.rating_count else None
    return Card(resource.slug, resource.title, resource.summary, resource.kind, kind_label(resource.kind), resource.language,
                resource.author, resource.url, resource.file, average, resource.rating_count)


def saved_resources(user_id: int) -> list[Card]:
    """The person's list, latest saved first (one statement)."""
    query = (select(Resource).join(SavedResource, SavedResource.resource_id == Resource.id)
             .where(SavedResource.user_id == user_id, Resource.archived_at.is_(None))
             .order_by(SavedResource.saved_at.desc(), SavedResource.id.desc()))
    return [_card(resource) for resource in db.session.scalars(query)]


def module_cards(course_slug: str, module_slug: str) -> list[Card]:
    """The resources a module's Markdown attaches to it, in the block's order (one statement)."""
    query = (select(Resource).join(ModuleResource, ModuleResource.resource_id == Resource.id)
             .where(ModuleResource.course_slug == course_slug, ModuleResource.module_slug == module_slug,
                    Resource.archived_at.is_(None)).order_by(ModuleResource.position))
    return [_card(resource) for resource in db.session.scalars(query)]


def cards_version(cards: list[Card]) -> tuple:
    """What the cards show, for a page's conditional GET."""
    return tuple((c.slug, c.title, c.summary, c.kind, c.url, c.file, c.average, c.ratings) for c in cards)


def attached_file(slug: str, content_dir: Path) -> Path:
    """The file a resource ships (under the content folder's resources/), or NotFound."""
    resource = _live(slug)
    relative = PurePosixPath(resource.file) if resource.file else None
    if relative is None or ".." in relative.parts or relative.parts[:1] != ("resources",):
        raise NotFound(gettext("No such resource."))
    path = content_dir / relative
    if not path.is_file():
        raise NotFound(gettext("No such resource."))
    return path


def json_ld(page: ResourcePage, *, page_url: str, file_url: str | None) -> dict:
    """schema.org LearningResource for the resource (the template writes it as safe JSON)."""
    resource = page.resource
    document = {
        "@context": "https://schema.org", "@type": "LearningResource", "name": resource.title,
        "description": resource.summary, "url": page_url, "inLanguage": resource.language,
        "learningResourceType": kind_label(resource.kind), "educationalLevel": page.audience,
        "about": page.subject, "datePublished": resource.published_on.isoformat(),
        "author": {"@type": "Organization", "name": resource.author},
        "license": licence_url(resource.licence) or licence_name(resource.licence),
        "isAccessibleForFree": True,
    }
    if resource.url or file_url:
        document["sameAs" if resource.url else "contentUrl"] = resource.url or file_url
    if resource.rating_count:
        document["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": round(page.average, 2),
                                       "ratingCount": resource.rating_count, "bestRating": 5, "worstRating": 1}
    return document
