"""Each resource's page: its metadata, schema.org LearningResource JSON-LD (safe JSON in a
script tag) and an Open Graph preview; the attached file served from content/resources/."""

from __future__ import annotations

import json
import re
from datetime import date

from lms.core.extensions import db
from lms.resources import services as resources
from tests.conftest import NOW
from tests.factories import make_user
from tests.resources.conftest import add_resources, spec


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_the_page_describes_the_resource_as_a_learning_resource(app, client):
    add_resources(spec("kit", "Careers </script><script>alert(1)</script> kit", "Jobs & skills.", kind="video",
                       audience=("secondary", "careers-guidance"), subject=("careers",), published=date(2023, 4, 5), author="CERN"))
    resources.rate_resource(make_user(email="a@example.org", now=NOW).id, "kit", 4, now=NOW)
    db.session.commit()
    html = client.get("/resources/kit").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    document = json_ld(html)
    assert document["@type"] == "LearningResource" and document["@context"] == "https://schema.org"
    assert document["name"] == "Careers </script><script>alert(1)</script> kit"
    assert document["learningResourceType"] == "Video"
    assert document["educationalLevel"] == ["Secondary", "Careers guidance"]
    assert document["about"] == ["Careers"]
    assert document["datePublished"] == "2023-04-05"
    assert document["author"] == {"@type": "Organization", "name": "CERN"}
    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["sameAs"] == "https://www.example.org/kit"
    assert document["aggregateRating"]["ratingValue"] == 4 and document["aggregateRating"]["ratingCount"] == 1
    assert document["url"].endswith("/resources/kit")
    assert '<meta property="og:title" content="Careers &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; kit">' in html
    assert '<meta property="og:description" content="Jobs &amp; skills.">' in html
    assert re.search(r'<meta property="og:url" content="[^"]*/resources/kit">', html)
    assert '<meta property="og:type" content="article">' in html
    assert "CC BY 4.0" in html and "Secondary, Careers guidance" in html


def test_a_shipped_file_is_downloaded_and_named_in_the_json_ld(app, client, library):
    html = client.get("/resources/careers-conversation-starters").get_data(as_text=True)
    assert json_ld(html)["contentUrl"].endswith("/resources/careers-conversation-starters/file")
    response = client.get("/resources/careers-conversation-starters/file")
    assert response.status_code == 200
    assert response.data.startswith(b"# Careers conversation starters")
    response.close()
    assert client.get("/resources/oecd-pisa/file").status_code == 404  # a link, no file


def test_the_sample_library_is_searchable(app, client, library):
    html = client.get("/resources?q=coding+club").get_data(as_text=True)
    assert "/resources/code-club" in html
    french = client.get("/resources?language=fr").get_data(as_text=True)
    assert "/resources/onisep-metiers-scientifiques" in french
