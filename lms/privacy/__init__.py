"""People own their data: export (GDPR art. 15, 20), erasure (art. 17), retention, the privacy page."""
