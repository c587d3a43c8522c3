"""Resource files and ```resources blocks: checked with file and line by `flask courses
validate`, imported idempotently by sync, attached to modules as cards on the module page."""

from __future__ import annotations

import shutil

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.resources import services as resources
from lms.resources.models import ModuleResource, Resource
from tests.conftest import NOW, ROOT
from tests.factories import make_learner_client

FIXTURES = ROOT / "tests" / "fixtures" / "resources"


def test_the_sample_library_is_valid_and_has_at_least_forty_resources(app):
    report = resources.check_files(ROOT / "resources", ROOT / "content")
    assert report.problems == []
    specs = list((ROOT / "resources").glob("*.toml"))
    assert len(specs) >= 40
    assert any("9 attached to modules" in line for line in report.checked)


def test_validate_names_file_and_line_of_each_problem_in_a_resource_file(app, runner, tmp_path):
    folder = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", folder)
    for name in ("bad-licence.toml", "two-links.toml", "not-toml.toml"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "Bad Name.toml").write_text((FIXTURES / "bad-licence.toml").read_text())
    app.config["RESOURCES_DIR"] = str(folder)
    result = runner.invoke(args=["courses", "validate"])
    assert result.exit_code == 1
    assert f"{folder / 'bad-licence.toml'}:7: 'licence' must be one of:" in result.output
    assert f"{folder / 'two-links.toml'}:3: 'kind' must be one of:" in result.output
    assert f"{folder / 'two-links.toml'}:4: 'audience' must be a list" in result.output
    assert f"{folder / 'two-links.toml'}:10: 'url' must be an https:// link" in result.output
    assert f"{folder / 'not-toml.toml'}:1: not valid TOML" in result.output
    assert f"{folder / 'Bad Name.toml'}:1: the file name must be the resource's slug" in result.output


def test_a_resources_block_naming_an_unknown_slug_is_a_problem_at_its_line(app, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "resources", content / "resources")  # the files resources ship
    (content / "a-course").mkdir(parents=True)
    module = content / "a-course" / "01-first.md"
    module.write_text("+++\ntitle = \"x\"\n+++\n# Page\n\nText.\n\n```resources\noecd-dream-jobs\n\nno-such-resource\n```\n")
    report = resources.check_files(ROOT / "resources", content)
    assert [(p.path, p.line) for p in report.problems] == [(module, 11)]
    assert "'no-such-resource'" in report.problems[0].message


def test_a_resources_block_never_closed_is_a_problem_where_it_opens(app, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "resources", content / "resources")
    (content / "a-course").mkdir(parents=True)
    module = content / "a-course" / "02-second.md"
    module.write_text("+++\ntitle = \"x\"\n+++\n# Page\n\n```resources\noecd-dream-jobs\n\n# Another page\n\nText.\n")
    report = resources.check_files(ROOT / "resources", content)
    problems = [(p.path, p.line, p.message) for p in report.problems]
    assert problems[0] == (module, 6, "the resources block is not closed: end it with a line ```")
    assert [line for _, line, _ in problems[1:]] == [11]  # "Text." read as a slug: the block took the rest


def test_a_file_that_is_not_there_and_a_path_outside_resources_are_problems(app, tmp_path):
    folder = tmp_path / "resources"
    folder.mkdir()
    text = (FIXTURES / "bad-licence.toml").read_text().replace('"Free-For-All"', '"CC-BY-4.0"')
    (folder / "missing.toml").write_text(text.replace('url = "https://www.example.org/"', 'file = "resources/nothing.md"'))
    (folder / "escaping.toml").write_text(text.replace('url = "https://www.example.org/"', 'file = "../secrets.md"'))
    (folder / "both.toml").write_text(text + 'file = "resources/README.md"\n')
    problems = {(p.path.name, p.line): p.message for p in resources.check_files(folder, ROOT / "content").problems}
    assert "does not exist" in problems[("missing.toml", 10)]
    assert "must be a path under resources/" in problems[("escaping.toml", 10)]
    assert "not both" in problems[("both.toml", 11)]


def test_sync_imports_once_and_a_second_sync_writes_nothing(app, library):
    assert len([line for line in library if line.startswith("created resource")]) >= 40
    again = resources.sync_files(ROOT / "resources", ROOT / "content", {"stem-careers"}, NOW)
    assert again == []
    assert db.session.scalar(select(func.count()).select_from(ModuleResource)) == 9


def test_a_changed_file_updates_its_resource_and_a_removed_one_is_archived(app, tmp_path):
    folder = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", folder)
    resources.sync_files(folder, ROOT / "content", {"stem-careers"}, NOW)
    path = folder / "oecd-pisa.toml"
    path.write_text(path.read_text().replace("PISA: results", "PISA: the results"))
    (folder / "esa-kids.toml").unlink()
    changes = resources.sync_files(folder, ROOT / "content", {"stem-careers"}, NOW)
    assert sorted(changes) == ["archived resource esa-kids", "updated resource oecd-pisa"]
    assert db.session.scalar(select(Resource.title).where(Resource.slug == "oecd-pisa")).startswith("PISA: the results")
    hits = resources.search_resources("PISA", resources.clean_filters()).hits
    assert hits[0].slug == "oecd-pisa" and "the results" in hits[0].title  # the title's match ranks first
    assert resources.search_resources("ESA Kids", resources.clean_filters()).total == 0


def test_the_module_page_shows_the_resources_its_block_attaches(app, courses, library):
    _, client = make_learner_client(app, now=NOW)
    html = client.get("/courses/stem-careers/modules/gender-stereotypes/").get_data(as_text=True)
    assert "Resources for this module" in html
    titles = ["Cracking the code", "WISE: women in science", "Institute of Physics: Limit Less", "Careers conversation starters"]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)  # in the block's order
    assert 'href="/resources/careers-conversation-starters/file"' in html


def test_the_block_is_not_shown_as_text_on_the_unit_page(app, courses, library):
    _, client = make_learner_client(app, now=NOW)
    html = client.get("/courses/stem-careers/modules/gender-stereotypes/").get_data(as_text=True)
    unit = client.get("/courses/stem-careers/modules/gender-stereotypes/practical-strategies-that-help").get_data(as_text=True)
    assert "unesco-cracking-the-code" not in unit and "```" not in unit
    assert "Resources for this module" in html
