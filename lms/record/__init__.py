"""The professional learning record: everything a practitioner learned here (courses, programmes,
events, badges, certificates, their own reflections if they choose) and elsewhere, tagged with the
standards of a professional framework (a TOML file in ``courses/standards/``), exported as PDF,
CSV and a zip of baked badges."""
