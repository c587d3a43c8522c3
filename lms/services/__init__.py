"""Services: the only code that changes state. Plain functions with explicit
arguments (``now`` included) that check permissions and raise ``lms.errors``.
They never commit: the caller (a view, a CLI command, a job) commits once."""
