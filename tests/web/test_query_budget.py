"""The module page and the dashboard run a small, fixed number of SQL queries,
whatever the number of modules, units and learners."""

from __future__ import annotations

from tests.conftest import NOW, submit
from tests.factories import log_in, make_enrolment, make_user

BUDGET = 6


def _pages(real_catalog):
    course = real_catalog.courses[0]
    module = course.modules[1]
    base = f"/courses/stem-careers/modules/{module.slug}/"
    return ["/dashboard", base, base + module.units[0].slug]


def test_pages_stay_within_the_query_budget_whatever_the_data(client, courses, real_catalog, count_queries):
    for _ in range(5):  # other learners with progress must not add queries
        other = make_user(now=NOW)
        make_enrolment(other, now=NOW)
        make_enrolment(other, "stem-outreach-libraries", now=NOW)
    user = make_user(now=NOW)
    make_enrolment(user, now=NOW)
    log_in(client, user.email)
    pages = _pages(real_catalog)
    counts_before = {}
    for url in pages:
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        counts_before[url] = len(queries)
        assert len(queries) <= BUDGET, f"{url} ran {len(queries)} queries:\n" + "\n".join(queries)

    # More enrolments and progress: the counts do not move.
    make_enrolment(user, "stem-outreach-libraries", now=NOW)
    for unit in real_catalog.courses[0].modules[0].units:
        url = f"/courses/stem-careers/modules/introduction/{unit.slug}"
        submit(client, url + "/done", page=url)
    for url in pages:
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= BUDGET, f"{url} ran {len(queries)} queries:\n" + "\n".join(queries)
        assert len(queries) <= counts_before[url] + 1  # the unit page may record the place once
