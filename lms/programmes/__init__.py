"""Programmes: longer routes made of several courses (required ones and "N of these" electives),
workshops and a supervised placement, each declared in a TOML file in ``courses/programmes/``.
A learner who completes one earns the programme's Open Badge and a certificate with a transcript."""
