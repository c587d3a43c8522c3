"""My data: the record's entries, tags, settings and files are in the person's export and gone
after their erasure."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.record import personal_data
from lms.record.models import EntryTag, ExternalEntry, RecordSettings
from tests.conftest import NOW, submit
from tests.record.conftest import standard_ids
from tests.record.test_entries import PNG, learner_client, post_entry
from tests.record.test_exports import tag


def test_the_export_holds_entries_tags_settings_and_files_and_erasure_removes_them(app, framework, tmp_path):
    user, client = learner_client(app)
    post_entry(client, file=(io.BytesIO(PNG), "proof.png"))
    tag(client, "external:1", standard_ids()["A1"])
    submit(client, "/my/record/settings", {"include_reflections": "y", "framework": ""}, page="/my/record")
    _, other = learner_client(app, name="Other")
    post_entry(other)
    exported = {name: list(rows) for name, rows in personal_data.export(user.id)}
    [entry] = exported["record_entries.json"]
    assert entry["title"] == "Robotics summer school" and entry["file"] == "proof.png" and entry["hours"] == 30
    assert exported["record_tags.json"] == [{"entry": "external:1", "framework": "teaching-council", "standard": "A1",
                                             "title": "Knows the subject"}]
    assert exported["record_settings.json"] == [{"include_reflections": True, "framework": None}]
    [(name, path)] = list(personal_data.files(user.id))
    assert name == "record/entry-1-proof.png" and path.read_bytes() == PNG
    doomed = personal_data.erase(user.id, now=NOW)
    db.session.commit()
    assert doomed == [path]
    for model in (ExternalEntry, EntryTag, RecordSettings):
        mine = db.session.scalar(select(func.count()).select_from(model).where(model.user_id == user.id))
        assert mine == 0, model
    assert db.session.scalar(select(func.count()).select_from(ExternalEntry)) == 1  # the other person's stays
