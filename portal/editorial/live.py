"""Making published content live: swap in a new library, update the search index, drop cached pages."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from portal.content.library import Library
from portal.searching import service as search_service
from portal.web.content_loader import load_content

log = logging.getLogger(__name__)
_RELOAD_LOCK = threading.Lock()


def reload_content(app: Flask) -> Library:
    """Re-read the content, swap the new library in, update the search index and drop cached pages.

    Requests already running keep the library they started with (it is immutable); the next ones get the
    new one. Unchanged files come from the render cache, so only changed items are rendered again.
    """
    with _RELOAD_LOCK:
        fresh = load_content(app)
        app.extensions["library"] = fresh
        app.extensions["search_synonyms"] = search_service.synonyms_of(fresh)
        try:
            search_service.update(fresh, app.config["SEARCH_INDEX_DIR"])
        except Exception:  # search is optional for every other page
            log.exception("could not update the search index after a content change")
        app.extensions.pop("page_cache", None)
    return fresh
