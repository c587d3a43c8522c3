"""Parts of pages that change only with what they show, drawn once and kept in memory.

In a template: ``{% call cached("module-head", module.id, module.content_hash) %}...{% endcall %}``
draws the block the first time and serves the same HTML for the same key afterwards. The key
must name everything the block shows (content hashes, slugs, titles): nothing about the viewer,
the time or the request goes inside a cached block. Per app and per process, bounded (least
recently used first out), so memory stays flat whatever the number of courses."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Flask, request
from markupsafe import Markup

DEFAULT_SIZE = 2048  # fragments; a module page uses a few, each a few hundred bytes to a few KB


class FragmentCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, *key: Hashable, caller: Callable[[], str]) -> Markup:
        key = (request.script_root, *key)  # the URLs inside depend on where the app is mounted
        with self._lock:
            html = self._items.get(key)
            if html is not None:
                self._items.move_to_end(key)
                return html
        html = Markup(caller())
        with self._lock:
            self._items[key] = html
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return html

    def __len__(self) -> int:
        return len(self._items)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["cached"] = FragmentCache(app.config.get("FRAGMENT_CACHE_SIZE", DEFAULT_SIZE))
