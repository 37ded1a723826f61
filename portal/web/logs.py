"""Logging that keeps visitors anonymous: no IP addresses, no query strings, no search terms."""

import logging

from flask import Flask


def init_app(app: Flask) -> None:
    """Silence the development server's access log, which writes IP addresses and query strings."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if not app.debug and not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
