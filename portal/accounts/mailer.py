"""Mail, sent through Flask-Mailman only when a mail server is configured (MAIL_SERVER).

Tests set MAIL_SERVER with TESTING on: Flask-Mailman then keeps messages in memory
(`app.extensions["mailman"].outbox`) instead of connecting anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app
from flask_mailman import EmailMessage


def configured(config: Mapping | None = None) -> bool:
    """Tell whether mail can be sent; without it, pages tell people to ask the administrator."""
    config = current_app.config if config is None else config
    return bool(config.get("MAIL_SERVER"))


def send(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; return False when no mail server is configured.

    The subject must say nothing sensitive: it is shown on lock screens and shared phones.
    """
    if not configured():
        return False
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or "portal@localhost"
    EmailMessage(subject=subject, body=body, from_email=sender, to=[to]).send()
    return True
