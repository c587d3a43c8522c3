"""Organisations and their awards: schools, early-learning and community settings and libraries
as records with coordinators and staff; award schemes (TOML files in ``courses/award-schemes/``)
whose criteria count staff completions shared with consent, an evidence portfolio, and an
assessor's final decision; the award is an Open Badge whose recipient is the organisation."""
