"""The cohort's forms: the learner filters, the announcement form."""
