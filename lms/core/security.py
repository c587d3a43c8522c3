"""Security headers on every response, a Content-Security-Policy with no inline script,
and the client's real address behind trusted proxies."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def csp_with_form_targets(*sources: str) -> str:
    """The policy for a page whose form answers with a redirect to another site: browsers apply
    form-action to every redirect of a form's submission, so those sites must be named too."""
    return CSP.replace("form-action 'self'", " ".join(("form-action 'self'", *sources)))


def init_app(app: Flask) -> None:
    # Behind TRUSTED_PROXIES reverse proxies, the client is the address they put in
    # X-Forwarded-For (limits count per client); with none, the header is ignored, so that
    # nobody can pick the address they are counted under.
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=0, x_host=0, x_port=0, x_prefix=0)

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
