"""Demo data for ``make run``: accounts and runs to look around with."""
