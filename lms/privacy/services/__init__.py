"""A person's own data: a copy on request (GDPR art. 15 and 20), erasure (art. 17) and retention.
Each feature says what it holds in its ``personal_data`` part (lms.features.personal_data_parts);
these services ask for exports and erasures and the scheduler's jobs work them through, once."""

from lms.privacy.services.erasure import erase_due, queue_erasure, release_erasures, request_erasure
from lms.privacy.services.exports import (
    build_due_exports, delete_expired_exports, export_for_download, list_exports, release_exports, request_export,
)
from lms.privacy.services.retention import erase_unverified, retention_facts, sweep_inactive

__all__ = [
    "build_due_exports", "delete_expired_exports", "erase_due", "erase_unverified", "export_for_download",
    "list_exports", "queue_erasure", "release_erasures", "release_exports", "request_erasure", "request_export", "retention_facts",
    "sweep_inactive",
]
