"""Discussions: a course-wide forum per run and one per module, threads and flat replies,
helpful marks, following, search, and moderation shared with peer review's reports."""
