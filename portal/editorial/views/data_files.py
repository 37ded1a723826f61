"""Editing the data files (help lines, services, agencies, competency matrix) through forms, never YAML.

Each change becomes a draft of its data file that a reviewer publishes. Every form works the same way: the
form module (hotline_form, service_form, agency_form, matrix_form) turns the data into blocks, reads them
back with the problems keyed by field name, and composes the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.content import yamltext
from portal.content.data import Hotline
from portal.content.model import LANGUAGES
from portal.editorial import agency_form, hotline_form, kept_ids, matrix_form, queries, service_form, workflow
from portal.editorial.paths import published_text
from portal.editorial.workflow import NotAllowed
from portal.web.content_loader import library
from portal.web.forms import ActionForm

bp = Blueprint("datafiles", __name__, url_prefix="/<lang:lang>/editor")


@dataclass(frozen=True)
class DataForm:
    """One data file's form: how its page reads, checks and writes it."""

    path: str
    endpoint: str
    template: str
    count: str  # the name of the field holding how many blocks were posted
    published: Callable[[], Any]  # the published data
    from_yaml: Callable[[Any], Any]  # the data of a draft's parsed YAML
    blocks_of: Callable[[Any], list]
    read: Callable[[Any], tuple[list, dict[str, str]]]  # the posted form -> blocks and problems
    padded: Callable[[list], list]
    compose: Callable[[list], str]
    saved: Callable[[], str]  # the messages after saving and after sending for review
    sent: Callable[[], str]


def _hotlines_of(data: Any) -> tuple[Hotline, ...]:
    return tuple(Hotline(**entry) for entry in (data or {}).get("hotlines", []))


def _entries(key: str) -> Callable[[Any], list]:
    def entries(data: Any) -> list:
        found = data.get(key) if isinstance(data, dict) else None
        return found if isinstance(found, list) else []

    return entries


def _read_services(form):
    published = {s.get("id") for s in library().data.services}
    linked = service_form.linked_services(library().items.values())
    return service_form.read_blocks(form, {k: v for k, v in linked.items() if k in published})


def _read_agencies(form):
    return agency_form.read_blocks(form, kept_ids.agencies_in_use())


def _published_matrix():
    text = published_text(Path(current_app.config["CONTENT_DIR"]), matrix_form.PATH)
    return yamltext.load(text) if text else {}


def _read_matrix(form):
    published = matrix_form.blocks_of(_published_matrix())
    found = library()
    recorded = kept_ids.recorded_competencies()
    referred = matrix_form.references(found.items.values(), found.quizzes.values(), recorded)
    known = found.data.matrix.ids
    referred = {k: v for k, v in referred.items() if k in known}
    return matrix_form.read_blocks(form, published.roles, published.write_roles, referred)


FORMS = {
    "hotlines": DataForm(
        path=hotline_form.PATH,
        endpoint=".hotlines",
        template="editor/hotlines.html",
        count="lines",
        published=lambda: library().data.hotlines,
        from_yaml=_hotlines_of,
        blocks_of=hotline_form.blocks_of,
        read=hotline_form.read_blocks,
        padded=hotline_form.padded,
        compose=hotline_form.compose,
        saved=lambda: _("Your draft of the help lines was saved."),
        sent=lambda: _("The help lines were sent for review."),
    ),
    "services": DataForm(
        path=service_form.PATH,
        endpoint=".services",
        template="editor/services.html",
        count="services",
        published=lambda: library().data.services,
        from_yaml=_entries("services"),
        blocks_of=service_form.blocks_of,
        read=_read_services,
        padded=service_form.padded,
        compose=service_form.compose,
        saved=lambda: _("Your draft of the services was saved."),
        sent=lambda: _("The services were sent for review."),
    ),
    "agencies": DataForm(
        path=agency_form.PATH,
        endpoint=".agencies",
        template="editor/agencies.html",
        count="agencies",
        published=lambda: library().data.agencies,
        from_yaml=_entries("agencies"),
        blocks_of=agency_form.blocks_of,
        read=_read_agencies,
        padded=agency_form.padded,
        compose=agency_form.compose,
        saved=lambda: _("Your draft of the agencies was saved."),
        sent=lambda: _("The agencies were sent for review."),
    ),
    "matrix": DataForm(
        path=matrix_form.PATH,
        endpoint=".matrix",
        template="editor/matrix.html",
        count="competencies",
        published=_published_matrix,
        from_yaml=lambda data: data,
        blocks_of=matrix_form.blocks_of,
        read=_read_matrix,
        padded=matrix_form.padded,
        compose=matrix_form.compose,
        saved=lambda: _("Your draft of the competency matrix was saved."),
        sent=lambda: _("The competency matrix was sent for review."),
    ),
}


@bp.app_template_global()
def data_form_url(path: str) -> str | None:
    """Return the address of the form that edits the data file `path` (None for any other file)."""
    found = next((name for name, spec in FORMS.items() if spec.path == path), None)
    return url_for(f"datafiles.{found}", lang=g.lang) if found else None


@bp.route("/hotlines", methods=["GET", "POST"])
def hotlines():
    return _edit(FORMS["hotlines"], texts=hotline_form.TEXTS)


@bp.route("/services", methods=["GET", "POST"])
def services():
    return _edit(FORMS["services"], categories=service_form.CATEGORIES)


@bp.route("/agencies", methods=["GET", "POST"])
def agencies():
    return _edit(FORMS["agencies"])


def _edit(spec: DataForm, **context):
    """Show the form (the user's draft, else the published file); save or submit what was posted."""
    me = current_user._get_current_object()
    if not workflow.may_write(me, spec.path):
        abort(403)
    draft = queries.open_draft(spec.path, me.id)
    form = ActionForm()
    problems: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate():
            abort(400)
        blocks, problems = spec.read(request.form)
        if not problems:
            problems = _save(spec, me, draft, blocks, submit=request.form.get("action") == "submit")
            if not problems:
                return redirect(url_for(spec.endpoint, lang=g.lang))
        blocks, status = spec.padded(blocks), 422
    else:
        data = spec.published() if draft is None else spec.from_yaml(yamltext.load(draft.text))
        blocks, status = spec.blocks_of(data), 200
    return (
        render_template(
            spec.template,
            blocks=blocks,
            problems=problems,
            draft=draft,
            pending=queries.pending_draft(spec.path),
            content_languages=LANGUAGES,
            **context,
        ),
        status,
    )


def _save(spec: DataForm, me, draft, blocks, submit: bool) -> dict[str, str]:
    """Keep the data file as the user's draft (and submit it); return the problems that stopped it."""
    text = spec.compose(blocks)
    try:
        if draft is None:
            draft = workflow.start_draft(me, Path(current_app.config["CONTENT_DIR"]), spec.path)
        workflow.save(me, draft, text, comment=request.form.get("comment", "").replace("\x00", ""))
        if submit:
            workflow.submit(me, draft)
    except NotAllowed as refusal:
        return {spec.count: str(refusal)}
    flash(spec.sent() if submit else spec.saved())
    return {}


@bp.route("/competencies", methods=["GET", "POST"])
def matrix():
    return _edit(FORMS["matrix"], levels=matrix_form.LEVELS)
