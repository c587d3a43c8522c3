"""The resource library's search for bench/load: 5,000 generated resources (the sample library's
kinds, audiences, subjects and three languages, summaries drawn from a fixed vocabulary), and two
pages measured beside hello world, both read by anyone (no log-in):

- ``resources_search``: words (ranked, highlighted) with two facets chosen, every facet counted;
- ``resources_facets``: no words, three facets chosen, newest first.

    bench/load --size S --pages resources_search,resources_facets --phases pages

``prepare(app)`` imports the library once through the resources feature's own sync (its slugs
are fixed); a second run finds it and changes nothing."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

COUNT = 5000
PREFIX = "bench-resource-"
SEARCH = "/resources?q=careers+engineering&audience=secondary&language=en"
FACETS = "/resources?kind=toolkit&audience=libraries&subject=technology"
_WORDS = ("careers engineering science mathematics technology classroom teachers students library coding robots "
          "climate energy space physics chemistry biology data design makers mentors parents skills jobs future "
          "workshop guidance apprenticeship university laboratory project girls role models industry employers "
          "digital health environment water bridges rockets satellites").split()


def paths() -> dict[str, tuple[str, str]]:
    """name -> (who asks, path), as bench/load.page_paths."""
    return {"resources_search": ("", SEARCH), "resources_facets": ("", FACETS)}


def _specs(services) -> list:
    rng = random.Random(2017)
    kinds, audiences, subjects = list(services.KINDS), list(services.AUDIENCES), list(services.SUBJECTS)
    specs = []
    for number in range(COUNT):
        title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 7))).capitalize()
        summary = ". ".join(" ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() for _ in range(3)) + "."
        slug = f"{PREFIX}{number:04d}"
        specs.append(services.ResourceSpec(
            slug, title, summary, rng.choice(kinds), tuple(rng.sample(audiences, rng.randint(1, 3))),
            tuple(rng.sample(subjects, rng.randint(1, 2))), rng.choices(["en", "fr", "de"], [8, 1, 1])[0], "CC-BY-4.0",
            rng.choice(["STEM Learning UK", "CERN", "ESA", "NASA", "OECD", "UNESCO"]),
            date(2015, 1, 1) + timedelta(days=rng.randint(0, 3650)), f"https://www.example.org/{slug}", None,
            hashlib.sha256(f"{slug}{title}{summary}".encode()).hexdigest()))
    return specs


def prepare(app) -> None:
    from sqlalchemy import func, select

    from lms.core import clock
    from lms.core.extensions import db
    from lms.resources import services
    from lms.resources.models import Resource

    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(Resource).where(Resource.slug.startswith(PREFIX))) >= COUNT:
            return
        services.sync_specs(_specs(services), clock.now(), archive_others=False)
        db.session.commit()
