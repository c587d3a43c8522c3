"""Read-only aggregate SQL over the run's learners, progress, activities, reviews and awards
(one module per page family). Never writes (tests/architecture checks it)."""
