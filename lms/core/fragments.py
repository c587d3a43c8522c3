"""Parts of pages that change only with what they show, drawn once and kept in memory;
and the links of templates, built once per address.

In a template: ``{% call cached("module-head", module.id, module.content_hash) %}...{% endcall %}``
draws the block the first time and serves the same HTML for the same key afterwards. The key
must name everything the block shows (content hashes, slugs, titles): nothing about the viewer,
the time or the request goes inside a cached block. Per app and per process, bounded (least
recently used first out), so memory stays flat whatever the number of courses."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Flask, request, url_for
from markupsafe import Markup

from lms.core.i18n import current_language

DEFAULT_SIZE = 2048  # fragments; a module page uses a few, each a few hundred bytes to a few KB


class LRU:
    """A bounded map, least recently used out first; safe for a threaded server."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class FragmentCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._fragments = LRU(size)

    def __call__(self, *key: Hashable, caller: Callable[[], str]) -> Markup:
        # The URLs inside depend on where the app is mounted, the words on the language; lists (a
        # checklist) count by their items.
        key = (request.script_root, current_language(), *(tuple(part) if isinstance(part, list) else part for part in key))
        html = self._fragments.get(key)
        if html is None:
            html = Markup(caller())
            self._fragments.put(key, html)
        return html


class LinkCache:
    """``url_for`` for templates, remembered: a page draws dozens of links and werkzeug builds
    each in several microseconds; the same arguments always give the same path under the same
    mount point (the URL map is fixed once the app is built). External URLs, anchors and
    arguments that cannot be a key go to ``url_for`` every time."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._links: dict[tuple, str] = {}

    def __call__(self, endpoint: str, **values) -> str:
        if any(name.startswith("_") for name in values):
            return url_for(endpoint, **values)
        blueprint = request.blueprint if endpoint.startswith(".") else None
        try:
            key = (request.script_root, blueprint, endpoint, *sorted(values.items()))
            link = self._links.get(key)
        except TypeError:  # a list of query arguments, say
            return url_for(endpoint, **values)
        if link is None:
            link = url_for(endpoint, **values)
            if len(self._links) >= self.size:
                self._links.clear()  # rare: a bound on memory, not a policy
            self._links[key] = link
        return link


def init_app(app: Flask) -> None:
    app.jinja_env.globals["cached"] = FragmentCache(app.config.get("FRAGMENT_CACHE_SIZE", DEFAULT_SIZE))
    app.jinja_env.globals["url_for"] = LinkCache(app.config.get("FRAGMENT_CACHE_SIZE", DEFAULT_SIZE) * 4)
