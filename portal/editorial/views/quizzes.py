"""Editing a training module's quiz through a structured form; the change becomes a draft for review."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.content.data import pick
from portal.content.model import SOURCE_LANGUAGE
from portal.content.quiz import QUESTION_TYPES, parse_quiz_text
from portal.editorial import queries, quiz_drafts, quiz_form, workflow
from portal.editorial.models import Draft
from portal.web.content_loader import library
from portal.web.forms import ActionForm

bp = Blueprint("quizzes", __name__, url_prefix="/<lang:lang>/editor/trainings")


@bp.route("/<slug:module>/quiz", methods=["GET", "POST"])
def edit(module: str):
    cover = library().get(f"trainings/{module}", SOURCE_LANGUAGE)
    if cover is None:
        abort(404)
    path = f"trainings/{module}/quiz.{SOURCE_LANGUAGE}.yml"
    me = current_user._get_current_object()
    if not workflow.may_write(me, path):
        abort(403)
    draft = queries.open_draft(path, me.id)
    pending = queries.pending_draft(path)
    form = ActionForm()
    problems: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate():
            abort(400)
        blocks, problems = quiz_form.read_blocks(request.form, library().data.matrix.ids)
        if not problems:
            problems = _save(me, draft, path, blocks, submit=request.form.get("action") == "submit")
            if not problems:
                return redirect(url_for(".edit", lang=g.lang, module=module))
        blocks = quiz_form.padded(blocks)
        status = 422
    else:
        text = draft.text if draft else None
        quiz = parse_quiz_text(path, text)[0] if text else library().quiz(cover.key, SOURCE_LANGUAGE)
        blocks, status = quiz_form.blocks_of(quiz), 200
    return (
        render_template(
            "editor/quiz.html",
            module=cover,
            blocks=blocks,
            problems=problems,
            form=form,
            draft=draft,
            pending=pending,
            types=QUESTION_TYPES,
            competencies=_competencies(g.lang),
        ),
        status,
    )


def _save(me, draft: Draft | None, path: str, blocks, submit: bool) -> dict[str, str]:
    """Keep the quiz as the user's draft (and submit it); return the problems that stopped it."""
    root, comment = Path(current_app.config["CONTENT_DIR"]), request.form.get("comment", "")
    text = quiz_form.compose(blocks)
    problem = quiz_drafts.keep_quiz(me, root, path, draft, text, comment=comment, review=submit)
    if problem:
        return {"questions": problem}
    flash(_("The quiz was sent for review.") if submit else _("Your draft of the quiz was saved."))
    return {}


def _competencies(lang: str) -> list[tuple[str, str]]:
    return [
        (c.id, f"{pick(a.name, lang)} — {pick(c.name, lang)}")
        for a in library().data.matrix.areas
        for c in a.competencies
    ]
