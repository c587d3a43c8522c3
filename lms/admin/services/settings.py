"""Site settings an administrator changes while the site runs; each change is audited."""

from __future__ import annotations

from datetime import datetime

from lms.core.audit import record_audit
from lms.core.site_settings import EDITABLE, save_site_setting, site_setting


def current_settings() -> dict[str, str]:
    return {key: site_setting(key) for key in EDITABLE}


def save_settings(actor, values: dict[str, str], *, now: datetime) -> list[str]:
    """Save the values that changed; returns their keys. The privacy text is stored as written
    (Markdown) and sanitised when the privacy page draws it."""
    changed = [key for key, value in values.items() if key in EDITABLE and site_setting(key) != value]
    for key in changed:
        save_site_setting(key, values[key], by=actor.id, now=now)
        record_audit(action="setting.change", now=now, actor_id=actor.id, target_kind="setting", target_id=key,
                     details={"setting": key})
    return changed
