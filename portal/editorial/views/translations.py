"""The translation desk: each item's state in one language, and the editor of one translation."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.content.hashing import text_hash
from portal.content.model import SOURCE_LANGUAGE
from portal.content.quiz import parse_quiz_text
from portal.editorial import queries, quiz_drafts, quiz_translation, translations, workflow
from portal.web.content_loader import library
from portal.web.forms import REQUIRED, ActionForm

bp = Blueprint("translations", __name__, url_prefix="/<lang:lang>/editor/translations")

TEXT = 200_000  # characters: far more than the longest content file


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(form: FlaskForm, field) -> None:
    """Refuse control characters (a NUL is no text, and PostgreSQL cannot store it)."""
    if field.data and _CONTROL.search(field.data):
        raise ValidationError(_l("The text holds control characters that cannot be saved; remove them."))


class TranslationForm(FlaskForm):
    text = TextAreaField(_l("Translation"), validators=[DataRequired(REQUIRED), Length(max=TEXT), printable])
    comment = StringField(_l("Comment"), validators=[Length(max=workflow.COMMENT), printable])
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit for review"))


@bp.get("/<lang:target>")
def desk(target: str):
    if target == SOURCE_LANGUAGE:
        abort(404)
    drafts = translations.open_drafts(target)
    rows = translations.desk(library(), target, drafts)
    quizzes = translations.quiz_desk(library(), target, drafts)
    counts = {
        state: sum(1 for row in [*rows, *quizzes] if row.state == state) for state in translations.STATES
    }
    writable = {row.path for row in [*rows, *quizzes] if workflow.may_write(current_user, row.path)}
    return render_template(
        "editor/translations.html",
        target=target,
        rows=rows,
        quizzes=quizzes,
        counts=counts,
        writable=writable,
    )


@bp.route("/<lang:target>/<path:key>", methods=["GET", "POST"])
def edit(target: str, key: str):
    source = library().get(key, SOURCE_LANGUAGE)
    if target == SOURCE_LANGUAGE or source is None:
        abort(404)
    path = translations.translation_path(source.path, target)
    if not workflow.may_write(current_user, path):
        abort(404)
    root = Path(current_app.config["CONTENT_DIR"])
    source_text = translations.published_text(root, source.path) or ""
    published = translations.published_text(root, path)
    draft = queries.open_draft(path, states=queries.OPEN)
    form = TranslationForm()
    if request.method == "GET":
        form.text.data = draft.text if draft else (published or source_text)
        form.comment.data = draft.comment if draft else ""
    elif form.validate_on_submit():
        text = form.text.data.replace("\r\n", "\n")
        text = translations.with_source_hash(text, text_hash(source_text, markdown=True))
        try:
            if draft is None:
                draft = workflow.start_draft(current_user, root, path)
            workflow.save(current_user, draft, text, comment=form.comment.data or "")
            if form.submit.data:
                workflow.submit(current_user, draft)
        except workflow.NotAllowed as refusal:
            form.text.errors = [*form.text.errors, str(refusal)]
        else:
            flash(_l("Submitted for review.") if form.submit.data else _l("Draft saved."))
            return redirect(url_for(".edit", target=target, key=key))
    # what changed since the version the text being edited was made from: the draft's, else the published
    made_from = draft.text if draft else published
    recorded = translations.recorded_hash(made_from) if made_from else None
    outdated = recorded is not None and recorded != text_hash(source_text, markdown=True)
    changes = translations.source_diff(root, source.path, recorded) if outdated else None
    return render_template(
        "editor/translation_edit.html",
        target=target,
        source=source,
        source_text=source_text,
        path=path,
        draft=draft,
        form=form,
        outdated=outdated,
        changes=changes,
        editable=draft is None or draft.state == "draft",
    )


@bp.route("/<lang:target>/quiz/<slug:module>", methods=["GET", "POST"])
def quiz(target: str, module: str):
    key, lib = f"trainings/{module}", library()
    cover, source = lib.get(key, SOURCE_LANGUAGE), lib.quiz(key, SOURCE_LANGUAGE)
    path = translations.quiz_path(key, target)
    me = current_user._get_current_object()
    if target == SOURCE_LANGUAGE or cover is None or source is None or not workflow.may_write(me, path):
        abort(404)
    draft = queries.open_draft(path, states=queries.OPEN)
    published = lib.quiz(key, target)
    editable = lib.get(key, target) is not None and (draft is None or draft.state == "draft")
    form, problems, status = ActionForm(), {}, 200
    if request.method == "POST" and not form.validate():
        abort(400)
    if request.method == "POST" and editable:  # otherwise the page says why nothing can be saved yet
        rows, problems = quiz_translation.read_texts(request.form, source)
        if not problems:
            problems = _save_quiz(me, draft, path, rows, source.body_hash)
            if not problems:
                return redirect(url_for(".quiz", target=target, module=module))
        status = 422
    else:
        rows = quiz_translation.texts_of(source, parse_quiz_text(path, draft.text)[0] if draft else published)
    return (
        render_template(
            "editor/quiz_translation.html",
            target=target,
            module=cover,
            translated_cover=lib.get(key, target),
            rows=rows,
            problems=problems,
            draft=draft,
            editable=editable,
            outdated=published is not None and published.source_hash != source.body_hash,
        ),
        status,
    )


def _save_quiz(me, draft, path: str, rows, source_hash: str) -> dict[str, str]:
    """Keep the translated quiz as a draft (and submit it); return the problems that stopped it."""
    root, submit = Path(current_app.config["CONTENT_DIR"]), request.form.get("action") == "submit"
    text = quiz_translation.compose(rows, source_hash)
    problem = quiz_drafts.keep_quiz(me, root, path, draft, text, comment=_comment(), review=submit)
    if problem:
        return {"questions": problem}
    flash(_l("Submitted for review.") if submit else _l("Draft saved."))
    return {}


def _comment() -> str:
    return _CONTROL.sub("", request.form.get("comment", ""))[: workflow.COMMENT]
