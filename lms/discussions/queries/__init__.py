"""Discussions' read-only SQL: thread lists, a thread's posts, search, counts for other features."""
