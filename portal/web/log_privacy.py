"""What may reach a log line: no client address, one-time token, email address, query string or line break.

`scrub` is applied to every message the portal's loggers and gunicorn write (see `ScrubbingFilter` and
`portal.gunicorn_logger.PrivateLogger`), so a new log call cannot leak what these rules remove.
"""

from __future__ import annotations

import logging
import re

# A one-time link's token, after the route that carries it (/<lang>/set-password/<token>).
_TOKEN = re.compile(r"(/set-password/)[^/\s?\"']+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
# An IPv6 address has "::" or eight groups, so a time such as 08:43:57 is left alone.
_IPV6 = re.compile(
    r"(?<![\w:])(?=[0-9a-fA-F:]*::|(?:[0-9a-fA-F]{1,4}:){7})(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])"
)
# A query string after a path, to the end of the quoted request line: search terms travel there.
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\"'\r\n]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match) -> str:
    return f"\\x{ord(match.group(0)):02x}"


def scrub(text: str) -> str:
    """Return `text` fit for a log: the private parts replaced, control characters escaped."""
    text = _TOKEN.sub(r"\1[token]", text)
    text = _QUERY.sub(r"\1?[query]", text)
    text = _EMAIL.sub("[email]", text)
    text = _IPV4.sub("[address]", text)
    text = _IPV6.sub("[address]", text)
    return _CONTROL.sub(_escape, text)


class ScrubbingFilter(logging.Filter):
    """Rewrite each record's message through `scrub` before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True
