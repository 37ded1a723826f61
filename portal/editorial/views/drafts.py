"""Editors' and translators' drafts: start one from a page or anew, edit it with a preview, submit it."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.content.images import MEDIA_TYPES, NAME, SERVED_PREFIX
from portal.content.model import SOURCE_LANGUAGE
from portal.content.parse import locate
from portal.editorial import frontmatter, images, queries, workflow
from portal.editorial.diffs import side_by_side
from portal.editorial.forms import DraftForm, NewPageForm, StartForm
from portal.editorial.models import Draft
from portal.editorial.paths import UnsafePath, check_path, published_text, resolve
from portal.editorial.preview import preview
from portal.extensions import db
from portal.roles import ROLES
from portal.web.content_loader import library
from portal.web.forms import ActionForm

bp = Blueprint("drafts", __name__, url_prefix="/<lang:lang>/editor")


def _root() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


def _user():
    return current_user._get_current_object()


@bp.app_template_global()
def editable(path: str) -> bool:
    """Tell whether the signed-in user may draft the content file `path` (the pages' Edit button)."""
    try:
        return current_user.is_authenticated and workflow.may_write(_user(), path)
    except UnsafePath:
        return False


@bp.post("/edit")
def start():
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    path = form.path.data
    try:
        check_path(path)
        if not path.endswith(".md"):  # quizzes and data files have editors of their own
            abort(400)
        if not resolve(_root(), path).is_file():
            abort(404)
    except UnsafePath:
        abort(400)
    return _open_draft(path)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = NewPageForm()
    if form.validate_on_submit():
        parent = (form.parent.data or "").strip()
        slug = (form.slug.data or "").strip()
        parts = [form.area.data, *([parent] if form.area.data != "materials" else []), slug]
        path = "/".join(parts) + f".{SOURCE_LANGUAGE}.md"
        try:
            check_path(path)
            exists = resolve(_root(), path).exists()
        except UnsafePath as error:
            form.slug.errors.append(str(error))
        else:
            if form.area.data != "materials" and not parent:
                form.parent.errors.append(_("This field is required."))
            elif exists:
                form.slug.errors.append(_("A page with this slug already exists."))
            else:
                return _open_draft(path)
    return render_template("editor/new.html", form=form), 400 if form.errors else 200


def _open_draft(path: str):
    """Reopen the user's open draft of `path`, or start one; go to its edit form."""
    user = _user()
    found = queries.open_draft(path, user.id, states=queries.OPEN)
    if found is None:
        try:
            found = workflow.start_draft(user, _root(), path)
        except workflow.NotAllowed:
            abort(404)
    return redirect(url_for("drafts.edit", draft_id=found.id), 303)


@bp.get("/drafts")
def mine():
    drafts = db.session.scalars(
        select(Draft).where(Draft.author_id == current_user.id).order_by(Draft.updated_at.desc())
    ).all()
    return render_template("editor/drafts.html", drafts=drafts, sent_back=_sent_back)


def _sent_back(draft: Draft) -> str:
    """Return the comment of the last time a reviewer sent the draft back, if it was."""
    for step in reversed(draft.transitions):
        if step.from_state == "pending" and step.to_state == "draft":
            return step.comment
    return ""


def _editable_draft(draft_id: int) -> Draft:
    """Return the draft the signed-in user may edit, or stop with 404."""
    draft = db.session.get(Draft, draft_id)
    user = _user()
    if draft is None or not (draft.author_id == user.id or workflow.may_write(user, draft.path)):
        abort(404)
    if not workflow.may_write(user, draft.path) or not draft.path.endswith(".md"):
        abort(404)
    return draft


@bp.route("/drafts/<int:draft_id>", methods=["GET", "POST"])
def edit(draft_id: int):
    draft = _editable_draft(draft_id)
    user = _user()
    meta, body = frontmatter.split(draft.text)
    form = (
        DraftForm()
        if request.method == "POST"
        else DraftForm(data={**frontmatter.to_values(meta), "body": body})
    )
    form.competencies.choices = _competency_choices()
    if request.method == "GET":
        form.minor.data, form.comment.data = draft.minor, draft.comment
    text, problem, status, mine = draft.text, None, 200, None
    if request.method == "POST":
        action = request.form.get("action", "save")
        if action in ("rebase", "withdraw"):  # these two read no field, only the token
            if not ActionForm().validate_on_submit():
                abort(400)
            if action == "withdraw":
                return _step(lambda: workflow.retract(user, draft), _("The draft was withdrawn."))
            published = _published(draft)
            try:
                workflow.rebase(user, draft, published)
            except workflow.NotAllowed as error:
                problem, status = str(error), 400
            else:
                mine, text = side_by_side(published, draft.text), published or ""
                meta, body = frontmatter.split(text)
                form = DraftForm(formdata=None, data={**frontmatter.to_values(meta), "body": body})
                form.competencies.choices = _competency_choices()
        elif not form.validate_on_submit():
            status = 400
        else:
            text = frontmatter.compose(
                frontmatter.from_values(form.data, meta), form.body.data or "", draft.text
            )
            try:
                comment = (form.comment.data or "").replace("\x00", "")
                workflow.save(user, draft, text, minor=form.minor.data, comment=comment)
            except workflow.NotAllowed as error:
                problem, status = str(error), 400
            else:
                if action == "submit":
                    done = _("The draft was submitted for review.")
                    return _step(lambda: workflow.submit(user, draft), done)
                if action == "upload":  # the text is saved first: a refused image loses nothing
                    text, status = _upload(user, draft, form, text)
                else:
                    flash(_("Saved."))
    uploaded = images.pending(draft.id)
    shown = preview(text, draft.path, library(), frozenset(uploaded))
    other = _attach(form, shown.fields)
    return (
        render_template(
            "editor/edit.html",
            draft=draft,
            form=form,
            shown={"item": shown.item, "body": shown.body, "other": other},
            shown_html=_with_uploaded(shown.item.html, draft, uploaded) if shown.item else "",
            uploaded=[
                (name, alt, images.markdown(name, alt), url_for("drafts.image", draft_id=draft.id, name=name))
                for name, alt in uploaded.items()
            ],
            problem=problem,
            kind=locate(PurePosixPath(draft.path))[0],
            conflict=_conflict(draft),
            mine=mine,
        ),
        status,
    )


def _upload(user, draft: Draft, form: DraftForm, text: str) -> tuple[str, int]:
    """Take the uploaded image: re-encode it, keep it with the draft, add its Markdown at the end of the text.

    Return the draft's text and the status to answer with; a refused image is explained next to its field.
    """
    upload = form.image.data
    alt = images.clean_alt(form.image_alt.data)
    if not upload or not getattr(upload, "filename", ""):
        form.image.errors.append(_("Choose an image file."))
    if not alt:
        form.image_alt.errors.append(_("Describe the image: alt text is required."))
    if form.image.errors or form.image_alt.errors:
        return text, 400
    try:
        encoded = images.reencode(upload.stream.read(images.MAX_BYTES + 1))
    except images.BadImage as error:
        form.image.errors.append(str(error))
        return text, 400
    images.add(draft, encoded, alt)
    line = images.markdown(encoded.name, alt)
    body = form.body.data or ""
    if f"(images/{encoded.name})" not in body:  # the body ends the file: the line goes at the end of both
        body = f"{body.rstrip()}\n\n{line}\n" if body.strip() else f"{line}\n"
        text = f"{text.rstrip()}\n\n{line}\n"
    try:
        workflow.save(user, draft, text, minor=form.minor.data, comment=draft.comment)
    except workflow.NotAllowed as error:  # the draft was submitted meanwhile: the image stays with it
        form.image.errors.append(str(error))
        return draft.text, 400
    form.body.data, form.image_alt.data = body, ""
    flash(_("The image was added at the end of the text as: %(markdown)s", markdown=line))
    return text, 200


def _with_uploaded(html: str, draft: Draft, uploaded: dict[str, str]) -> str:
    """Point the preview's images that are not published yet at the draft's own copies."""
    for name in uploaded:
        address = url_for("drafts.image", draft_id=draft.id, name=name)
        html = html.replace(f'src="{SERVED_PREFIX}{name}"', f'src="{address}"')
    return html


@bp.get("/drafts/<int:draft_id>/images/<name>")
def image(draft_id: int, name: str):
    """An image uploaded to a draft: for its preview, and for the reviewers while it waits for review."""
    draft = db.session.get(Draft, draft_id)
    if not (draft and draft.state == "pending" and ROLES[_user().role].reviews):
        draft = _editable_draft(draft_id)
    if not NAME.match(name):
        abort(404)
    data = images.data_of(draft.id, name)
    if data is None:
        abort(404)
    response = Response(data, mimetype=MEDIA_TYPES[name.rsplit(".", 1)[1]])
    response.headers["Content-Disposition"] = "inline"
    return response


def _attach(form: DraftForm, problems: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """Show each front-matter problem next to its field; return those of fields the form does not show."""
    other = []
    for name, messages in problems.items():
        target = getattr(form, name, None) if name in frontmatter.ORDER else None
        if target is None:
            other.append((name, messages))
        else:
            target.errors = [*target.errors, *messages]
    return other


def _step(step, message: str):
    try:
        step()
    except workflow.NotAllowed as error:
        flash(str(error))
    else:
        flash(message)
    return redirect(url_for("drafts.mine"), 303)


def _published(draft: Draft) -> str | None:
    """Return the published text of the draft's file (None when there is none)."""
    return published_text(_root(), draft.path)


def _conflict(draft: Draft):
    """Return the published text beside the draft's when the file changed since the draft was started."""
    published = _published(draft)
    if published == draft.base_text or draft.state not in queries.OPEN:
        return None
    return side_by_side(published, draft.text)


def _competency_choices() -> list[tuple[str, str]]:
    matrix = library().data.matrix
    return [(c.id, c.id) for area in matrix.areas for c in area.competencies]


@bp.app_context_processor
def state_names() -> dict:
    """The draft states' names in the reader's language, for the editorial pages."""
    return {
        "state_names": {
            "draft": _("Draft"),
            "pending": _("Waiting for review"),
            "published": _("Published"),
            "retracted": _("Withdrawn"),
        }
    }
