"""The content's images at `/images/<name>`: only those a page the visitor may read shows.

Names are content-derived, so a name always means the same bytes: anonymous visitors' browsers and caches
keep them for a year. No cookie is set, and the type is the one the name says (the bytes were re-encoded
by the editor's upload), with `nosniff` as on every response.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app
from flask_login import current_user

from portal.access import can_read
from portal.content.images import FOLDER, MEDIA_TYPES, NAME, local_name
from portal.web.content_loader import library
from portal.web.static_files import ONE_YEAR

bp = Blueprint("images", __name__)


@bp.get("/images/<name>")
def image(name: str):
    if not NAME.match(name) or name not in library().images:
        abort(404)
    showing = [
        item
        for item in library().items.values()
        if any(local_name(ref.target) == name for ref in item.images)
    ]
    readable = [item for item in showing if can_read(current_user, item)]
    if not readable:
        abort(404)
    root = Path(current_app.config["CONTENT_DIR"]).resolve()
    path = (root / FOLDER / name).resolve()
    if not path.is_relative_to(root / FOLDER) or not path.is_file():
        abort(404)
    response = Response(path.read_bytes(), mimetype=MEDIA_TYPES[name.rsplit(".", 1)[1]])
    response.headers["Content-Disposition"] = "inline"
    public = any(item.is_published and item.audience == "public" for item in readable)
    if public:
        response.cache_control.public = True
    else:
        response.cache_control.private = True
    response.cache_control.max_age = ONE_YEAR
    response.cache_control.immutable = True
    return response
