"""Learning: enrolment, a learner's place in a course, module and unit pages, the
progress leaf and checklists, my courses, the calendar, and the release announcements."""
