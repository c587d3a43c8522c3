"""Courses' services: ``sync`` (files -> rows), ``runs`` (opening times, windows),
``staffing`` (who teaches a course, and what they may open), ``content`` (read helpers
other features build on)."""
