"""A tiny HTTP server on a loopback address for the verifier's tests: another issuer's documents."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler, make_server


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serving(routes: dict, host: str = "127.0.0.1"):
    """Serve ``routes`` ({path: dict (JSON) | (status, headers, bytes)}) at http://host:port; yields the base URL.
    A route may be a callable of the base URL, resolved when served."""
    base = {}

    def app(environ, start_response):
        route = routes.get(environ["PATH_INFO"])
        if callable(route):
            route = route(base["url"])
        if route is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"no"]
        if isinstance(route, dict | list):
            route = (200, [("Content-Type", "application/json")], json.dumps(route).encode())
        status, headers, body = route
        start_response(f"{status} X", headers)
        return [body]

    server = make_server(host, 0, app, handler_class=_Quiet)
    base["url"] = f"http://{host}:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base["url"]
    finally:
        server.shutdown()
        server.server_close()
