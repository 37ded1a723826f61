"""HTML, CSS, JS and JSON sent compressed: Brotli where the client accepts it, else gzip (Flask-Compress)."""

from __future__ import annotations

from flask import Flask, request
from flask_compress import Compress

compress = Compress()

ALGORITHMS = ("br", "gzip")
MIMETYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/opensearchdescription+xml",
    "application/xml",
    "image/svg+xml",
]


def chosen_encoding() -> str | None:
    """Return the encoding this request's client prefers among ours, by its quality values, or None."""
    return request.accept_encodings.best_match(ALGORITHMS)


def init_app(app: Flask) -> None:
    """Compress every response worth it; register after the headers so ETags describe the compressed body."""
    app.config.setdefault("COMPRESS_ALGORITHM", list(ALGORITHMS))
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", list(ALGORITHMS))  # static files are sent streamed
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)
