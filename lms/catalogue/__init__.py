"""The public catalogue: every course with its next run, a course page for anyone, and the way in (enrolment)."""
