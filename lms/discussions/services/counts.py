"""What a learner has contributed to a module's discussion, for the completion rule
"discussion_posts" (a module's ```discussion block with ``min_posts`` above 0).

The orchestrator (``lms.completion``) calls ``count_posts`` when it recounts a module, which
posting triggers through ``core.completion.record_work`` after a learner's post in a module's
forum. Deleting or hiding a post later lowers the count kept in ModuleProgress at the next
recount, but never takes back a completion already recorded, nor its badge: a module is
complete once, as when a tutor hides reviewed peer work."""

from __future__ import annotations

from lms.discussions.queries import counts as queries


def count_posts(enrolment_id: int, run_id: int, user_id: int, module_id: int) -> int:
    """The learner's visible posts (not deleted, not hidden) in the module's forum of their run.
    ``enrolment_id`` names whose work this is, as the other features' counts do; posts belong to
    the author and the run (the thread's), so that is what is counted."""
    return queries.visible_posts(run_id, user_id, module_id)
