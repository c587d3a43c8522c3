"""A PyLD document loader that serves only the pinned contexts in ``badges.ob3.data`` (never the network)."""

from __future__ import annotations

from badges.ob3 import data


class UnknownDocument(ValueError):
    """A context URL that is not bundled: verification stays offline and refuses it rather than fetching it."""

    def __init__(self, url: str):
        super().__init__(f"JSON-LD context {url!r} is not one of the pinned contexts (badges/ob3/data/SOURCES); "
                         "it is not fetched")
        self.url = url


def document_loader(url: str, options: dict | None = None) -> dict:
    """The remote document PyLD expects for ``url``, from the bundled files; ``UnknownDocument`` otherwise."""
    file = data.file_for_url(url) if isinstance(url, str) else None
    if file is None or url == data.SCHEMA_URL:
        raise UnknownDocument(str(url))
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": data.read_json(file)}
