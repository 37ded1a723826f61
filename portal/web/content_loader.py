"""Load the content library once per process, make it available to the views."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app

from portal.content.library import Library, load_library

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Parse all content at start; broken files are logged and left out."""
    app.extensions["library"] = load_content(app)


def library() -> Library:
    """Return the app's content library (for views only)."""
    return current_app.extensions["library"]


def load_content(app: Flask) -> Library:
    """Parse the app's content folder into a new library, logging its problems."""
    library = load_library(Path(app.config["CONTENT_DIR"]), Path(app.config["RENDER_CACHE_DIR"]))
    for problem in library.problems:
        (log.error if problem.severity == "error" else log.info)("content: %s", problem)
    return library
