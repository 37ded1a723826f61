"""What a fresh machine needs before serving: an up-to-date database and a search index."""

from __future__ import annotations

from flask import Flask
from flask_migrate import upgrade


def prepare(app: Flask) -> list[str]:
    """Apply database migrations and bring the search index up to date; return what was done."""
    from portal.searching.service import update

    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    changed = update(app.extensions["library"], app.config["SEARCH_INDEX_DIR"])
    return ["database is up to date", f"search index is up to date ({len(changed)} items re-indexed)"]
