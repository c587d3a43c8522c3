"""Real HTTP for the end-to-end tests: a learner's browser (a requests session with cookies, forms read
from the page, CSRF token included, redirects followed across sites) and a handle on the reference
wallet's process (its test-only endpoints)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from tests.factories import PASSWORD


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, text)
    text: str = ""  # everything the form shows, to tell forms apart


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._button: list | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(attributes.get("action", ""), attributes.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind == "submit":
                self._form.buttons.append((attributes.get("name", ""), attributes.get("value", ""), ""))
            elif kind not in ("checkbox", "radio") or "checked" in attributes:
                self._form.fields.append((attributes.get("name", ""), attributes.get("value", "")))
        elif self._form is not None and tag == "button" and attributes.get("type", "submit") == "submit":
            self._button = [attributes.get("name", ""), attributes.get("value", ""), ""]

    def handle_data(self, data):
        if self._button is not None:
            self._button[2] += data
        if self._form is not None:
            self._form.text += data

    def handle_endtag(self, tag):
        if tag == "button" and self._button is not None and self._form is not None:
            self._form.buttons.append((self._button[0], self._button[1], self._button[2].strip()))
            self._button = None
        elif tag == "form":
            self._form = None


def forms_on(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class Browser:
    """A learner's browser: one cookie jar for every site it visits."""

    def __init__(self) -> None:
        self.session = requests.Session()

    def get(self, url: str) -> requests.Response:
        return self.session.get(url, timeout=30)

    def submit(self, page: requests.Response, button: str, data: dict | None = None,
               has: str = "") -> requests.Response:
        """Press ``button`` (its visible text) on the form of ``page`` whose text contains ``has``, as a browser
        would: every field of that form (the CSRF token among them) plus ``data``, to its action."""
        form = next((form for form in forms_on(page.text) if has in form.text
                     and any(text == button for _, _, text in form.buttons)), None)
        assert form is not None, f"no form with a {button!r} button on {page.url}:\n{page.text[:3000]}"
        name, value, _ = next(item for item in form.buttons if item[2] == button)
        values = [*[(key, value) for key, value in form.fields if key and key not in (data or {})],
                  *(data or {}).items(), *([(name, value)] if name else [])]
        target = urljoin(page.url, form.action or page.url)
        if form.method == "post":
            return self.session.post(target, data=values, timeout=30)
        return self.session.get(target, params=values, timeout=30)

    def log_in(self, base: str, email: str) -> None:
        page = self.get(f"{base}/login")
        answer = self.submit(page, "Log in", {"email": email, "password": PASSWORD})
        assert answer.status_code == 200 and "/login" not in answer.url, answer.text[:2000]


class ReferenceWallet:
    """The wallet process, through its test-only endpoints."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()

    def _post(self, path: str, body: dict) -> dict:
        answer = self.http.post(self.url + path, json=body, timeout=60)
        assert answer.headers.get("Content-Type", "").startswith("application/json"), answer.text
        return answer.json()

    def reset(self) -> None:
        self._post("/_reset", {})

    def consent(self, answer: str) -> None:
        self._post("/_settings", {"consent": answer})

    def received(self) -> dict:
        return self.http.get(self.url + "/_received", timeout=30).json()

    def findings(self) -> list[dict]:
        return self.http.get(self.url + "/_findings", timeout=30).json()

    def connect(self, platform: str, **options) -> dict:
        return self._post("/_connect", {"platform": platform, **options})

    def pulled(self) -> list[dict]:
        return self.http.get(self.url + "/_pulled", timeout=30).json()["connections"]

    def pull(self, connection: str) -> dict:
        return self._post("/_pull", {"connection": connection})

    def refresh(self, connection: str) -> dict:
        return self._post("/_refresh", {"connection": connection})
