"""Editors' content status: translation coverage, outdated translations, overdue reviews, broken links."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.content_loader import library
from portal.editorial import content_status

bp = Blueprint("editor", __name__, url_prefix="/<lang:lang>/editor")


@bp.get("/status")
def status():
    return render_template("editor/status.html", status=content_status(library()))
