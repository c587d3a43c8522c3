"""As run_validator.py, for any recipient profile (an organisation's ``url``, a person's ``email``):
    python run_validator_profile.py (url|file) VALUE '{"url": "https://school.example/"}'

Offline: the Open Badges context is answered with the validator's own copy; every other request
must go to loopback (our server)."""

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
    if urlparse(request.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise requests.ConnectionError(f"offline: refusing {request.url}")
    return real_send(self, request, **kwargs)


HTTPAdapter.send = offline_send


def main():
    kind, value, profile = sys.argv[1:4]
    badge_input = open(value, "rb") if kind == "file" else value
    report = verify(badge_input, recipient_profile=json.loads(profile), use_cache=False)["report"]
    print(json.dumps({
        "valid": report["valid"],
        "errors": [m for m in report["messages"] if m.get("messageLevel") == "ERROR"],
        "warnings": [m for m in report["messages"] if m.get("messageLevel") == "WARNING"],
        "recipient": report.get("recipientProfile"),
    }, default=str))


main()
