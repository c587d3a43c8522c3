"""A run seen by its tutors: the overview with its charts, the modules table, quiz item
analysis, the learner list and a learner's page, CSV exports (web and ``flask reports``), and
announcements to the run or a filtered group. Every figure is aggregate SQL (queries/), every
page and action is for tutors of the course and admins only (services.access)."""
