"""Reading every page of a platform's ``GET /ims/ob/v3p0/credentials`` the way the specification's paging
section describes it (``limit``/``offset``, ``X-Total-Count``, ``Link`` with next/last/first/prev), and
noting where the answers stray from it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from tests.wallets.reference_wallet import spec
from tests.wallets.reference_wallet.common import jws_payload, same_credential_key
from tests.wallets.reference_wallet.records import Connection

MAX_PAGES = 100
LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")
REL = re.compile(r'rel\s*=\s*"?([^";,]+)"?')
JWS_KEYS = ("compactJwsStrings", "compactJwsString")  # the API's example says the first, its data model the second


def parse_link(value: str, base: str) -> dict[str, str]:
    """RFC 8288 Link header -> {rel: absolute URL}."""
    links = {}
    for target, params in LINK.findall(value or ""):
        rel = REL.search(params)
        for name in (rel.group(1).split() if rel else []):
            links[name.lower()] = urljoin(base, target.strip())
    return links


def read_all_pages(consumer, connection: Connection) -> None:
    """Follow rel="next" from the first page; keep each credential once (the specification's equality)."""
    api = connection.registration.api_base
    url = api + "/credentials" + (f"?limit={connection.page_size}&offset=0" if connection.page_size else "")
    credentials: dict[tuple, dict] = {}
    compact: dict[tuple, str] = {}
    connection.pages, connection.total_count = [], None
    for _ in range(MAX_PAGES):
        _, headers, body = consumer._api("getCredentials", connection, url)
        items, jws, jws_key = _items(consumer, body)
        connection.jws_key = jws_key or connection.jws_key
        for credential in items:
            credentials[same_credential_key(credential)] = credential
        for token in jws:
            payload = jws_payload(token) or {}
            compact[same_credential_key(payload) if payload else (token, "")] = token
        links = parse_link(_header(headers, "Link"), url)
        total = _total(_header(headers, "X-Total-Count"))
        connection.total_count = total if total is not None else connection.total_count
        connection.pages.append({"url": url, "credential": len(items), "compact_jws": len(jws),
                                 "x_total_count": _header(headers, "X-Total-Count") or None, "links": links})
        _check_paging(consumer, url, max(len(items), len(jws)), total, links)
        if "next" not in links or links["next"] == url:
            break
        url = links["next"]
    connection.credentials = list(credentials.values())
    connection.compact_jws = list(compact.values())


def _items(consumer, body) -> tuple[list[dict], list[str], str | None]:
    if not isinstance(body, dict):
        consumer.note("getCredentials", f"the body is not a JSON object: {str(body)[:200]}", spec.CREDENTIALS_BODY)
        return [], [], None
    items = body.get("credential") or []
    jws_key = next((key for key in JWS_KEYS if key in body), None)
    jws = body.get(jws_key) or [] if jws_key else []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        consumer.note("getCredentials", "credential is not an array of objects", spec.CREDENTIALS_BODY)
        items = []
    return items, [token for token in jws if isinstance(token, str)] if isinstance(jws, list) else [], jws_key


def _check_paging(consumer, url: str, count: int, total: int | None, links: dict) -> None:
    offset = _offset(url)
    if total is None:
        consumer.note("getCredentials", f"no X-Total-Count on {url}", spec.TOTAL_COUNT)
    incomplete = total is not None and offset + count < total
    if incomplete and not links:
        consumer.note("getCredentials", f"{url}: {count} of {total} from offset {offset} and no Link header",
                      spec.LINK_WHEN_INCOMPLETE)
    elif incomplete and "next" not in links:
        consumer.note("getCredentials", f"{url}: incomplete and no rel=next", spec.LINK_NEXT)
    if links and not {"first", "last"} <= set(links):
        consumer.note("getCredentials", f"{url}: Link has {sorted(links)}", spec.LINK_FIRST_LAST)
    if links and offset > 0 and "prev" not in links:
        consumer.note("getCredentials", f"{url}: offset {offset} and no rel=prev", spec.LINK_PREV)


def _offset(url: str) -> int:
    value = (parse_qs(urlsplit(url).query).get("offset") or ["0"])[0]
    return int(value) if value.isdigit() else 0


def _total(value: str) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _header(headers: dict, name: str) -> str:
    return next((value for key, value in headers.items() if key.lower() == name.lower()), "")
