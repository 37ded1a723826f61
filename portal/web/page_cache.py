"""Rendered pages kept in memory for anonymous visitors: content never changes while a process runs."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from flask import Response, current_app, make_response, request
from flask_login import current_user

_IGNORED_HEADERS = {"set-cookie", "content-length"}
_LOCK = threading.Lock()


def cached_page(view: Callable) -> Callable:
    """Serve a view's response from memory for anonymous GET requests without a query string."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.method != "GET" or request.query_string or current_user.is_authenticated:
            return view(*args, **kwargs)
        cache: OrderedDict = current_app.extensions.setdefault("page_cache", OrderedDict())
        with _LOCK:
            hit = cache.get(request.path)
            if hit is not None:
                cache.move_to_end(request.path)
        if hit is not None:
            body, status, headers = hit
            return Response(body, status=status, headers=headers)
        response = make_response(view(*args, **kwargs))
        # Only pages that exist: keeping 404s would let made-up addresses push real pages out.
        if response.status_code == 200 and not response.direct_passthrough:
            headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _IGNORED_HEADERS]
            with _LOCK:
                cache[request.path] = (response.get_data(), response.status_code, headers)
                if len(cache) > current_app.config["PAGE_CACHE_SIZE"]:
                    cache.popitem(last=False)
        return response

    return wrapper
