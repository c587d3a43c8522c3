"""The shared core: what every feature may use and which itself imports no feature.

Extensions, the clock, domain errors, absolute URLs, database helpers, mail, the
access rules (who teaches what), the completion seam, scheduled-job declarations,
and the web plumbing every page shares (base forms, filters, error pages, headers)."""
