"""Provider side routes (written next)."""

from lms.wallets.views import bp  # noqa: F401
