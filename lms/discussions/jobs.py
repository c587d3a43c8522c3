"""Discussions' scheduled jobs."""

JOBS = ()
