"""The SQL of the library's search: the database's own full-text engine (SQLite's FTS5 table
``resources_fts``, BM25; PostgreSQL's stored words ``resources.search_words`` with GIN,
``websearch_to_tsquery``, ``ts_rank``, ``ts_headline``), the filters, the sort orders, and the
facet counts. Two statements a page whatever the library's size: the page of hits (with their
highlights and the number of matches) and every facet's counts (one UNION ALL)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Float, Integer, Row, bindparam, case, exists, func, literal, literal_column, select, union_all
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.sql import Select, table

from lms.core.extensions import db
from lms.resources.models import SEARCH_COLUMN, SEARCH_CONFIG, SEARCH_TABLE, Resource, ResourceTag

START, STOP = "\ue000", "\ue001"  # private-use characters around matched words, marked after escaping
_r, _t = Resource.__table__, ResourceTag.__table__


@dataclass(frozen=True)
class Group:
    """Resources with every one of ``words`` and none of ``excluded``."""

    words: tuple[str, ...]
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    audience: str | None = None
    subject: str | None = None
    language: str | None = None


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts5_match(groups: Sequence[Group]) -> str:
    """``("a" AND "b c" NOT "d") OR ("e")``: every word quoted, never read as syntax."""
    return " OR ".join("(" + " AND ".join(map(_quoted, g.words)) + "".join(f" NOT {_quoted(w)}" for w in g.excluded) + ")"
                       for g in groups)


def websearch_text(groups: Sequence[Group]) -> str:
    def quoted(word: str) -> str:
        return '"' + word.replace('"', " ") + '"'

    return " or ".join(" ".join([*map(quoted, g.words), *("-" + quoted(w) for w in g.excluded)]) for g in groups)


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _found(groups: Sequence[Group] | None):
    """The matching resources' ids and scores (higher is better), or None: every resource."""
    if not groups:
        return None
    if _postgresql():
        query = func.websearch_to_tsquery(literal_column(f"'{SEARCH_CONFIG}'::regconfig"), bindparam("words", websearch_text(groups)))
        words = literal_column(f"resources.{SEARCH_COLUMN}", TSVECTOR)
        return (select(_r.c.id, func.ts_rank(words, query, type_=Float).label("score"))
                .where(words.bool_op("@@")(query)).cte("found"))
    name = literal_column(SEARCH_TABLE)
    return (select(literal_column(f"{SEARCH_TABLE}.rowid", Integer).label("id"),
                   (-func.bm25(name, 10.0, 3.0, 1.0, type_=Float)).label("score"))
            .select_from(table(SEARCH_TABLE)).where(name.op("MATCH")(bindparam("match", fts5_match(groups))))
            .cte("found").prefix_with("MATERIALIZED"))


def _tagged(facet: str, value: str):
    return exists().where(_t.c.resource_id == _r.c.id, _t.c.facet == facet, _t.c.value == value)


def _conditions(filters: Filters, leave_out: str | None = None) -> list:
    where = [_r.c.archived_at.is_(None)]
    if filters.kind and leave_out != "kind":
        where.append(_r.c.kind == filters.kind)
    if filters.language and leave_out != "language":
        where.append(_r.c.language == filters.language)
    for facet in ("audience", "subject"):
        value = getattr(filters, facet)
        if value and leave_out != facet:
            where.append(_tagged(facet, value))
    return where


def _order(sort: str, score):
    average = case((_r.c.rating_count > 0, _r.c.rating_total * 1.0 / _r.c.rating_count), else_=-1.0)
    return {"relevance": [score.desc(), _r.c.published_on.desc(), _r.c.id],
            "newest": [_r.c.published_on.desc(), _r.c.id.desc()],
            "title": [_r.c.title, _r.c.id],
            "rating": [average.desc(), _r.c.rating_count.desc(), _r.c.id]}[sort]


def find_page(groups, filters: Filters, sort: str, limit: int, offset: int) -> list[Row]:
    """A page of matching resources, each with its highlighted title and summary (markers
    START/STOP) and the number of matches (``total``)."""
    found = _found(groups)
    score = found.c.score if found is not None else literal(0.0)
    hits = select(_r.c.id, score.label("score"), func.count().over().label("total")).where(*_conditions(filters))
    if found is not None:
        hits = hits.join(found, found.c.id == _r.c.id)
    hits = hits.order_by(*_order(sort, score)).limit(limit).offset(offset).cte("hits")
    columns = [hits.c.total, hits.c.score, *_r.c]
    page = hits.join(_r, _r.c.id == hits.c.id)
    if found is None:
        shown = select(*columns, _r.c.title.label("title_marked"), _r.c.summary.label("summary_marked")).select_from(page)
    elif _postgresql():
        config = literal_column(f"'{SEARCH_CONFIG}'::regconfig")
        query = func.websearch_to_tsquery(config, bindparam("words", websearch_text(groups)))
        options = literal(f"HighlightAll=true, StartSel={START}, StopSel={STOP}")  # summaries are short: all of it
        title, summary = func.ts_headline(config, _r.c.title, query, options), func.ts_headline(config, _r.c.summary, query, options)
        shown = select(*columns, title.label("title_marked"), summary.label("summary_marked")).select_from(page)
    else:  # an FTS5 auxiliary function needs its MATCH: the index again, for the page's rows only
        name = literal_column(SEARCH_TABLE)
        shown = (select(*columns, func.highlight(name, 0, START, STOP).label("title_marked"),
                        func.highlight(name, 1, START, STOP).label("summary_marked"))
                 .select_from(page.join(table(SEARCH_TABLE), literal_column(f"{SEARCH_TABLE}.rowid", Integer) == _r.c.id))
                 .where(name.op("MATCH")(bindparam("match", fts5_match(groups)))))
    return list(db.session.execute(shown.order_by(*_order(sort, hits.c.score))))


def facet_counts(groups, filters: Filters) -> list[Row]:
    """(facet, value, count) for every value of the four facets among the resources that match
    the query and every OTHER facet's filter (so each value's count is what choosing it gives)."""
    found = _found(groups)

    def counted(facet: str, value_column, joins) -> Select:
        query = select(literal(facet).label("facet"), value_column.label("value"), func.count().label("count")).select_from(joins)
        if found is not None:
            query = query.join(found, found.c.id == _r.c.id)
        return query.where(*_conditions(filters, leave_out=facet)).group_by(value_column)

    parts = [counted("kind", _r.c.kind, _r), counted("language", _r.c.language, _r)]
    for facet in ("audience", "subject"):
        tags = _t.alias(f"tag_{facet}")
        parts.append(counted(facet, tags.c.value, _r.join(tags, (tags.c.resource_id == _r.c.id) & (tags.c.facet == facet))))
    return list(db.session.execute(union_all(*parts)))
