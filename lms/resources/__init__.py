"""The resource library: teaching and training resources declared as files in ``resources/``,
searched with the database's own full text, faceted, rated and saved by practitioners, and
attached to course modules."""
