"""Editing the help lines through a form; the change becomes a draft that a reviewer publishes."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.content import yamltext
from portal.content.data import Hotline
from portal.content.model import LANGUAGES
from portal.editorial import hotline_form, queries, workflow
from portal.editorial.workflow import NotAllowed
from portal.web.content_loader import library
from portal.web.forms import ActionForm

bp = Blueprint("datafiles", __name__, url_prefix="/<lang:lang>/editor")


@bp.route("/hotlines", methods=["GET", "POST"])
def hotlines():
    me = current_user._get_current_object()
    path = hotline_form.PATH
    if not workflow.may_write(me, path):
        abort(403)
    draft = queries.open_draft(path, me.id)
    form = ActionForm()
    problems: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate():
            abort(400)
        blocks, problems = hotline_form.read_blocks(request.form)
        if not problems:
            problems = _save(me, draft, blocks, submit=request.form.get("action") == "submit")
            if not problems:
                return redirect(url_for(".hotlines", lang=g.lang))
        blocks, status = hotline_form.padded(blocks), 422
    else:
        blocks, status = hotline_form.blocks_of(_lines(draft)), 200
    return (
        render_template(
            "editor/hotlines.html",
            blocks=blocks,
            problems=problems,
            draft=draft,
            pending=queries.pending_draft(path),
            content_languages=LANGUAGES,
            texts=hotline_form.TEXTS,
        ),
        status,
    )


def _lines(draft):
    """The help lines of the user's draft, else the published ones."""
    if draft is None:
        return library().data.hotlines
    return tuple(Hotline(**entry) for entry in (yamltext.load(draft.text) or {}).get("hotlines", []))


def _save(me, draft, blocks, submit: bool) -> dict[str, str]:
    """Keep the help lines as the user's draft (and submit it); return the problems that stopped it."""
    text = hotline_form.compose(blocks)
    try:
        if draft is None:
            draft = workflow.start_draft(me, Path(current_app.config["CONTENT_DIR"]), hotline_form.PATH)
        workflow.save(me, draft, text, comment=request.form.get("comment", ""))
        if submit:
            workflow.submit(me, draft)
    except NotAllowed as refusal:
        return {"lines": str(refusal)}
    if submit:
        flash(_("The help lines were sent for review."))
    else:
        flash(_("Your draft of the help lines was saved."))
    return {}
