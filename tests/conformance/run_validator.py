"""Run the 1EdTech Open Badges validator on one input; print its verdict as JSON.

Runs with the validator's own virtualenv (see scripts/build_validator_venv.sh):
    python run_validator.py (url|file|text) VALUE RECIPIENT_EMAIL

Offline: the one request to the Open Badges JSON-LD context is answered with the
copy the validator ships; every other request must go to loopback (our server)."""

import json
import sys
from urllib.parse import urlparse

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from openbadges import verify
from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT

CONTEXT_URLS = ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json")
real_send = HTTPAdapter.send


def offline_send(self, request, **kwargs):
    if request.url.rstrip("/") in CONTEXT_URLS:
        response = requests.Response()
        response.status_code, response.reason, response.url, response.request = 200, "OK", request.url, request
        response.headers = CaseInsensitiveDict({"Content-Type": "application/ld+json"})
        response._content = json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode()
        response.encoding = "utf-8"
        response.connection = self
        return response
    host = urlparse(request.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise requests.ConnectionError(f"offline: refusing {request.url}")
    return real_send(self, request, **kwargs)


HTTPAdapter.send = offline_send


def main():
    kind, value, email = sys.argv[1:4]
    if kind == "file":
        badge_input = open(value, "rb")
    elif kind == "text":
        badge_input = open(value, encoding="utf-8").read().strip()
    else:
        badge_input = value
    result = verify(badge_input, recipient_profile={"email": email}, use_cache=False)
    report = result["report"]
    print(json.dumps({
        "valid": report["valid"],
        "errors": [m for m in report["messages"] if m.get("messageLevel") == "ERROR"],
        "warnings": [m for m in report["messages"] if m.get("messageLevel") == "WARNING"],
        "recipient": report.get("recipientProfile"),
    }, default=str))


main()
