"""Helpers shared by the account tests."""

from __future__ import annotations

import re

STRONG = "violet harbour tractor seventeen quietly"


def csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client, email: str, password: str = STRONG, next_url: str | None = None, headers=None):
    token = csrf_token(client, "/ro/login")
    path = "/ro/login" + (f"?next={next_url}" if next_url else "")
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post(path, data=data, headers=headers)


def outbox(app) -> list:
    """Return the messages the app has sent (Flask-Mailman keeps them in memory under TESTING)."""
    return list(getattr(app.extensions["mailman"], "outbox", []))


def link_in(body: str) -> str:
    """Return the path of the one-time link in a message, such as /ro/set-password/<token>."""
    match = re.search(r"https?://[^/\s]+(/\w\w/set-password/[\w-]+)", body)
    assert match, body
    return match.group(1)
