"""Editors' content status: translation coverage, outdated translations, overdue reviews, broken links."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.editorial.status import content_status
from portal.web.content_loader import library

bp = Blueprint("editor", __name__, url_prefix="/<lang:lang>/editor")


@bp.get("/status")
def status():
    return render_template("editor/status.html", status=content_status(library()))
