"""Rendered pages kept in memory for anonymous visitors, as sent: compressed, with their final headers.

Content never changes while a process runs. A page is stored by `_store`, the last after-request step, once
Flask-Compress has encoded it; it is found again by its path and the encoding the client prefers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, current_app, g, request
from flask_login import current_user

from portal.web import compression

# Cookies are never kept; HSTS depends on the scheme of each request (headers.py adds it every time).
_IGNORED_HEADERS = {"set-cookie", "content-length", "strict-transport-security"}
_LOCK = threading.Lock()


def cached_page(view: Callable) -> Callable:
    """Serve a view's response from memory for anonymous GET requests without a query string."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.method != "GET" or request.query_string or current_user.is_authenticated:
            return view(*args, **kwargs)
        cache: OrderedDict = current_app.extensions.setdefault("page_cache", OrderedDict())
        key = (request.path, compression.chosen_encoding())
        with _LOCK:
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
        if hit is not None:
            body, status, headers = hit
            return Response(body, status=status, headers=headers)
        g.page_cache_path = request.path
        return view(*args, **kwargs)

    return wrapper


def _store(response: Response) -> Response:
    """Keep a cacheable page as it leaves: compressed by Flask-Compress, with every header but cookies."""
    path = g.pop("page_cache_path", None)
    # Only pages that exist: keeping 404s would let made-up addresses push real pages out.
    if path is None or response.status_code != 200 or response.direct_passthrough:
        return response
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _IGNORED_HEADERS]
    key = (path, response.headers.get("Content-Encoding"))
    cache: OrderedDict = current_app.extensions.setdefault("page_cache", OrderedDict())
    with _LOCK:
        cache[key] = (response.get_data(), response.status_code, headers)
        if len(cache) > current_app.config["PAGE_CACHE_SIZE"]:
            cache.popitem(last=False)
    return response


def init_app(app: Flask) -> None:
    """Register `_store` first, so that it runs after every other after-request step."""
    app.after_request(_store)
