"""Discussions' forms, one module per page family."""
