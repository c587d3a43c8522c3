"""The learner's pages run a small, fixed number of SQL queries, whatever the number of
modules, units and learners: one for who is logged in, then the page's own."""

from __future__ import annotations

from tests.conftest import NOW, submit
from tests.factories import log_in, make_enrolment, make_user


def _stem_careers(catalog):
    """The model course; the catalogue lists the sample courses by file name, so not always first."""
    return next(course for course in catalog.courses if course.slug == "stem-careers")


# Statements per page: the log-in (1), then the module page its place in the course (1), the run's
# openings of modules (1; the module list itself is kept per version of the course, read once per
# process), the units with their ticks and the module's progress (1), the resources its Markdown
# attaches (1: lms.resources.services.module_cards); the unit page the same, plus an UPDATE when it becomes the place to continue from; the dashboard
# its courses (1), every module's opening and progress (1) and the latest announcements from the
# tutors of the learner's runs (1); the course page its runs with the viewer's enrolment (1), modules
# with openings and progress (1) and, for an enrolled viewer, the latest announcements of their run
# (1) (its badges are kept per version of the course).
BUDGETS = {"dashboard": 4, "module": 5, "unit": 5, "course": 4}


def _pages(real_catalog) -> dict[str, str]:
    course = _stem_careers(real_catalog)
    module = course.modules[1]
    base = f"/courses/stem-careers/modules/{module.slug}/"
    return {"dashboard": "/dashboard", "module": base, "unit": base + module.units[0].slug, "course": "/courses/stem-careers"}


def test_pages_stay_within_the_query_budget_whatever_the_data(client, courses, real_catalog, count_queries):
    for _ in range(5):  # other learners with progress must not add queries
        other = make_user(now=NOW)
        make_enrolment(other, now=NOW)
        make_enrolment(other, "stem-outreach-libraries", now=NOW)
    user = make_user(now=NOW)
    make_enrolment(user, now=NOW)
    log_in(client, user.email)
    pages = _pages(real_catalog)
    for url in pages.values():  # a process reads a course's modules and badges once per version of the course
        client.get(url)
    counts_before = {}
    for name, url in pages.items():
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        counts_before[name] = len(queries)
        assert len(queries) <= BUDGETS[name], f"{url} ran {len(queries)} queries:\n" + "\n".join(queries)

    # More enrolments and progress: the counts do not move.
    make_enrolment(user, "stem-outreach-libraries", now=NOW)
    for unit in _stem_careers(real_catalog).modules[0].units:
        url = f"/courses/stem-careers/modules/introduction/{unit.slug}"
        submit(client, url + "/done", page=url)
    for name, url in pages.items():
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= BUDGETS[name], f"{url} ran {len(queries)} queries:\n" + "\n".join(queries)
        assert len(queries) <= counts_before[name] + (name == "unit")  # the unit page records the place again


def test_rereading_a_unit_writes_nothing(client, courses, real_catalog, count_queries):
    user = make_user(now=NOW)
    make_enrolment(user, now=NOW)
    log_in(client, user.email)
    url = _pages(real_catalog)["unit"]
    client.get(url)  # now the place to continue from (and the course's modules known)
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == BUDGETS["unit"] - 1 and not [q for q in queries if not q.lstrip().upper().startswith("SELECT")]
