"""Mail for account links, sent only when SMTP is configured (MAIL_SERVER)."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage


def send(config: Mapping, to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; return False when no SMTP server is configured."""
    server = config.get("MAIL_SERVER")
    if not server:
        return False
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM", "portal@localhost")
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(server, int(config.get("MAIL_PORT", 587)), timeout=10) as smtp:
        if config.get("MAIL_STARTTLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)
    return True
