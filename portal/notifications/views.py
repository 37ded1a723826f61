"""The notices page, marking notices read, and the unread count the header shows."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.audit import record_refusal
from portal.content.model import SOURCE_LANGUAGE
from portal.notifications.models import Notification
from portal.notifications.reading import mark_all_read, mark_read, notices_of, owner_of, unread_count
from portal.notifications.texts import describe
from portal.web.content_loader import library

bp = Blueprint("notifications", __name__, url_prefix="/<lang:lang>/notifications")


def _me():
    return current_user._get_current_object()


def _target(notice: Notification) -> str | None:
    if notice.kind == "rating":
        return url_for("learning.home", _anchor="ratings-title")
    if notice.kind == "certificate":
        return url_for("learning.home", _anchor="certificates-title")
    item = library().get(notice.about, g.lang) or library().get(notice.about, SOURCE_LANGUAGE)
    return item.url if item else None


@bp.get("/")
def index():
    notices = notices_of(_me().id)
    rows = [(notice, describe(notice, library(), g.lang), _target(notice)) for notice in notices]
    return render_template(
        "notifications/list.html",
        rows=rows,
        any_unread=any(notice.read_at is None for notice in notices),
    )


@bp.post("/<int:notice_id>/read")
def read(notice_id: int):
    if not mark_read(_me().id, notice_id):
        record_refusal(_me(), "notifications.read", f"notice:{notice_id}", subject=owner_of(notice_id))
        abort(404)
    return redirect(url_for("notifications.index"))


@bp.post("/read")
def read_all():
    mark_all_read(_me().id)
    return redirect(url_for("notifications.index"))


@bp.app_template_global()
def unread_notices() -> int:
    """Return the signed-in user's unread notices (the header's count); 0 for anyone else."""
    return unread_count(current_user.id) if current_user.is_authenticated else 0
