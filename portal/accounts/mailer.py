"""Mail, sent through Flask-Mailman only when a mail server is configured (MAIL_SERVER).

Tests set MAIL_SERVER with TESTING on: Flask-Mailman then keeps messages in memory
(`app.extensions["mailman"].outbox`) instead of connecting anywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import after_this_request, current_app
from flask_mailman import EmailMessage

log = logging.getLogger(__name__)


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


def send_after_response(to: str, subject: str, body: str) -> bool:
    """Send a message once the response has gone out; return False when no mail server is configured.

    For answers that must not tell whether an account exists: the page is the same either way, and the
    time the mail server takes is spent after the visitor has it. A failure is logged without the address.
    """
    if not configured():
        return False
    app = current_app._get_current_object()
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or "portal@localhost"
    message = EmailMessage(subject=subject, body=body, from_email=sender, to=[to])

    def deliver() -> None:
        with app.app_context():
            try:
                message.send()
            except Exception as error:  # the visitor already has the page; the next request is not affected
                log.warning("mail not sent after the response: %s", error.__class__.__name__)

    @after_this_request
    def on_close(response):
        response.call_on_close(deliver)
        return response

    return True
