"""Reading the links the site e-mails, as a person would click them."""

from __future__ import annotations

import re

from tests.conftest import csrf_from, submit


def link_in(message, path: str) -> str:
    """The site-relative address of the link to ``path`` in a message."""
    body = message.get_payload(decode=True).decode()
    return re.search(rf"https?://[^/\s]+({re.escape(path)}\S+)", body).group(1)


def follow_verification_link(client, smtp, *, count: int = 1):
    """Open the newest confirmation link and press its button, as the newcomer does."""
    link = link_in(smtp.wait_for(count)[count - 1], "/email/verify/")
    return submit(client, link)


def press(client, url: str):
    """Post to a link's button even when its page would not show one (a link used or expired)."""
    token = csrf_from(client.get("/register/check-inbox").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token})


def confirm_in_browser(page, site: str, smtp, *, count: int = 1) -> None:
    """In a browser: open the newest confirmation link and press its button."""
    page.goto(site + link_in(smtp.wait_for(count)[count - 1], "/email/verify/"))
    page.click("main form button[type=submit]")
