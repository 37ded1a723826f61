"""Reviewers' queue: every pending draft with its diff; publish it (four-eyes) or send it back."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.models import User
from portal.editorial import images, live, publishing, workflow
from portal.editorial.diffs import side_by_side
from portal.editorial.forms import ReviewForm
from portal.editorial.models import Draft
from portal.editorial.paths import published_text
from portal.extensions import db

log = logging.getLogger(__name__)
bp = Blueprint("review", __name__, url_prefix="/<lang:lang>/editor/review")


def _queue(errors: dict[int, dict[str, list[str]]] | None = None, status: int = 200):
    drafts = db.session.scalars(
        select(Draft).where(Draft.state == "pending").order_by(Draft.updated_at)
    ).all()
    authors = {
        u.id: u for u in db.session.scalars(select(User).where(User.id.in_({d.author_id for d in drafts})))
    }
    root = Path(current_app.config["CONTENT_DIR"])
    rows = [(d, authors.get(d.author_id), side_by_side(published_text(root, d.path), d.text)) for d in drafts]
    uploaded = {
        d.id: [
            (alt, url_for("drafts.image", draft_id=d.id, name=name))
            for name, alt in images.pending(d.id).items()
            if name in workflow.images_shown(d.text)
        ]
        for d in drafts
    }
    return render_template(
        "editor/review.html", rows=rows, form=ReviewForm(), errors=errors or {}, uploaded=uploaded
    ), status


@bp.get("/")
def queue():
    return _queue()


def _pending(draft_id: int) -> Draft:
    draft = db.session.get(Draft, draft_id)
    if draft is None:
        abort(404)
    return draft


@bp.post("/<int:draft_id>/publish")
def publish(draft_id: int):
    form = ReviewForm()
    draft = _pending(draft_id)
    if not form.validate_on_submit():
        return _queue({draft_id: {"comment": [e for es in form.errors.values() for e in es]}}, 400)
    app = current_app._get_current_object()
    try:
        commit = workflow.publish(
            current_user._get_current_object(),
            draft,
            Path(app.config["CONTENT_DIR"]),
            allow_self_publish=app.config.get("EDITORIAL_ALLOW_SELF_PUBLISH", False),
            comment=(form.comment.data or "").replace("\x00", ""),
        )
    except workflow.NotAllowed as error:
        return _queue({draft_id: {"publish": [str(error)]}}, 400)
    except publishing.Refused as error:
        return _queue({draft_id: {"publish": [str(error), *error.problems]}}, 400)
    except publishing.GitFailed:
        log.exception("publishing draft %s failed in git", draft_id)
        message = _(
            "Publishing failed: the change could not be recorded in the content history. Nothing was changed."
        )
        return _queue({draft_id: {"publish": [message]}}, 503)
    except publishing.Conflict as error:
        rows = side_by_side(error.published, error.draft)
        return render_template("editor/conflict.html", draft=draft, rows=rows, form=form), 409
    try:
        live.announce(app, commit)
    except (publishing.GitFailed, live.LiveFailed):
        # The commit exists here; the other nodes learn of it at the next `content sync` or publish.
        log.exception("published draft %s, but could not tell the other servers", draft_id)
        live.reload_content(app)
        flash(_("Published on this server. The other servers could not be told yet; they will catch up."))
        return redirect(url_for("review.queue"), 303)
    flash(_("Published."))
    return redirect(url_for("review.queue"), 303)


@bp.post("/<int:draft_id>/send-back")
def send_back(draft_id: int):
    form = ReviewForm()
    draft = _pending(draft_id)
    if not form.validate_on_submit():
        return _queue({draft_id: {"comment": [e for es in form.errors.values() for e in es]}}, 400)
    try:
        workflow.send_back(
            current_user._get_current_object(), draft, (form.comment.data or "").replace("\x00", "")
        )
    except workflow.NotAllowed as error:
        return _queue({draft_id: {"comment": [str(error)]}}, 400)
    flash(_("The draft was sent back to its author."))
    return redirect(url_for("review.queue"), 303)
