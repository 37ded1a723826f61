"""Static files under versioned addresses, cached by browsers for a year.

`url_for("static", filename=...)` adds `v=<hash of the file>` by itself, so a changed file gets a new address
and templates need nothing special; a request with the current version is answered with a one-year, immutable
Cache-Control, any other with the default revalidation.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, request

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _version(folder: str, filename: str, mtime_ns: int) -> str:
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:12]


def version(filename: str) -> str | None:
    """Return the version of a static file (a hash of its bytes), or None when there is no such file."""
    folder = current_app.static_folder or ""
    path = Path(folder) / filename
    try:
        if not path.resolve().is_relative_to(Path(folder).resolve()):
            return None
        return _version(folder, filename, path.stat().st_mtime_ns)
    except OSError:
        return None


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        found = version(values["filename"])
        if found:
            values["v"] = found


def _long_cache(response: Response) -> Response:
    if request.endpoint == "static" and response.status_code == 200:
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == version(filename):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
    return response


def init_app(app: Flask) -> None:
    """Version every static address and let browsers keep what a version names."""
    app.url_defaults(_add_version)
    app.after_request(_long_cache)
