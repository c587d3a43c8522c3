"""Peer review: submissions with attachments, the live review queue, reviews with
a rubric, results, flags and moderation, and the tutor queue."""
