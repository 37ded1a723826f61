"""Logging that keeps visitors anonymous: no IP addresses, no query strings, no search terms."""

import logging

from flask import Flask

from portal.web.log_privacy import ScrubbingFilter


def init_app(app: Flask) -> None:
    """Silence the development server's access log; pass every line of the others through `scrub`."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    root = logging.getLogger()
    if not app.debug and not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        if not any(isinstance(f, ScrubbingFilter) for f in handler.filters):
            handler.addFilter(ScrubbingFilter())
