"""The published versions of a content item: list them, compare two side by side, restore one as a draft."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField

from portal import policy
from portal.editorial import history
from portal.editorial.diffs import changed, side_by_side
from portal.editorial.history import UnknownVersion, Version
from portal.editorial.paths import UnsafePath
from portal.editorial.publishing import GitFailed
from portal.editorial.workflow import NotAllowed, may_write

bp = Blueprint("history", __name__, url_prefix="/<lang:lang>/editor/history")


class RestoreForm(FlaskForm):
    """Restore one version as a new draft: the version's commit, and the CSRF token."""

    commit = HiddenField()


def _root() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


def _versions(path: str) -> list[Version]:
    """The versions of `path` the signed-in user may see; 404 for a bad or unknown path, 403 if not theirs."""
    try:
        if not history.may_read_history(current_user, path):
            abort(403)
        found = history.versions(_root(), path)
    except (UnsafePath, GitFailed):
        abort(404)
    if not found:
        abort(404)
    return found


def _pick(found: list[Version], commit: str | None, default: Version) -> Version:
    if commit is None:
        return default
    commit = commit.strip().lower()
    matches = [v for v in found if history.COMMIT.match(commit) and v.commit.startswith(commit)]
    if len(matches) != 1:
        abort(400)
    return matches[0]


@bp.get("/<path:path>")
def versions(path: str):
    found = _versions(path)
    return render_template(
        "editor/history.html",
        path=path,
        versions=found,
        may_restore=may_write(current_user, path),
        form=RestoreForm(),
    )


@bp.get("/<path:path>/diff")
def diff(path: str):
    found = _versions(path)
    a = _pick(found, request.args.get("a"), found[min(1, len(found) - 1)])
    b = _pick(found, request.args.get("b"), found[0])
    old, new = sorted((a, b), key=found.index, reverse=True)  # the older version on the left
    try:
        rows = side_by_side(
            history.text_at(_root(), path, old.commit), history.text_at(_root(), path, new.commit)
        )
    except (UnknownVersion, GitFailed):
        abort(404)
    return render_template(
        "editor/history_diff.html", path=path, old=old, new=new, rows=rows, changed=changed(rows)
    )


@bp.post("/<path:path>/restore")
def restore(path: str):
    found = _versions(path)
    form = RestoreForm()
    if not form.validate_on_submit():
        abort(400)
    commit = _pick(found, form.commit.data or "", found[0])
    try:
        draft = history.restore_as_draft(current_user, _root(), path, commit.commit)
    except NotAllowed:
        abort(403)
    except (UnknownVersion, GitFailed):
        abort(404)
    day = commit.date.date().isoformat()
    if "drafts.edit" in current_app.view_functions and policy.allowed(
        "drafts.edit", policy.role_of(current_user)
    ):
        flash(_("A draft was started from the version of %(date)s.", date=day))
        return redirect(url_for("drafts.edit", lang=g.lang, draft_id=draft.id), 303)
    flash(
        _(
            "A draft was started from the version of %(date)s; it goes through review like any change.",
            date=day,
        )
    )
    return redirect(url_for("history.versions", lang=g.lang, path=path), 303)
