"""The cohort's services: access (who may see a run's cohort), overview, learners, exports,
announcements."""
