"""Supervisor dashboard: their agency's learners (admins: all), assignments, coverage, records, export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.models import User
from portal.accounts.requests import waiting_count
from portal.content.data import pick
from portal.content.model import SOURCE_LANGUAGE
from portal.learning.attempts import attempts_of
from portal.learning.competencies import RatingError, attained_levels, coverage, matrix_grid, rate
from portal.learning.enrolment import LearningError, certificate_of, module_item, progress
from portal.learning.erasure import ErasureError, erase_learner, module_totals
from portal.learning.forms import AssignForm, EraseForm, RatingForm
from portal.learning.models import now
from portal.learning.spreadsheets import (
    TABLES,
    as_csv,
    as_xlsx,
    audit_export,
    competency_table,
    progress_table,
    role_name,
)
from portal.learning.supervision import (
    Assignment,
    assign,
    completion_by_module,
    enrolments_of,
    evidence_of,
    learner_for,
    learners_in_scope,
    open_record,
    overdue,
    ratings_of,
    recipients,
    self_assessments_of,
)
from portal.learning.views.learning import competency_choices, level_names
from portal.roles import ROLES, SUPERVISED
from portal.web.content_loader import library
from portal.web.limits import forget_account

bp = Blueprint("supervision", __name__, url_prefix="/<lang:lang>/supervision")


def _me():
    return current_user._get_current_object()


def _modules():
    lib = library()
    return [module_item(lib, m.key, g.lang) for m in lib.of_kind("module", SOURCE_LANGUAGE) if m.is_published]


def _agency_names() -> dict[str, str]:
    return {a["id"]: pick(a.get("name"), g.lang) for a in library().data.agencies}


def _assign_form(actor: User, learners: list[User], form: AssignForm | None = None) -> AssignForm:
    form = form or AssignForm(formdata=None)
    agencies = _agency_names()
    if actor.role == "admin":  # admins see every agency: each learner is named with theirs
        form.learners.choices = [
            (u.id, f"{u.display_name} ({agencies.get(u.agency, u.agency)})" if u.agency else u.display_name)
            for u in learners
        ]
        known = {u.agency for u in learners if u.agency} | set(agencies)
        form.agency.choices = [("", "—")] + sorted(
            ((a, agencies.get(a, a)) for a in known), key=lambda pair: pair[1].casefold()
        )
    else:
        form.learners.choices = [(u.id, u.display_name) for u in learners]
        form.agency.choices = [("", "—")]  # a supervisor's agency is their own, never a choice
    form.needs_agency = actor.role == "admin"
    form.module.choices = [("", "—")] + [(m.key, m.title) for m in _modules()]
    form.role.choices = [("", "—")] + [(r, role_name(r)) for r in ROLES if r in SUPERVISED]
    return form


def _dashboard(form: AssignForm | None = None, status: int = 200):
    actor = _me()
    learners = learners_in_scope(actor)
    enrolments = enrolments_of([u.id for u in learners])
    today = now().date()
    attained = attained_levels([u.id for u in learners])
    modules = _modules()
    return render_template(
        "supervision/dashboard.html",
        learners=learners,
        completion=completion_by_module(modules, enrolments, today),
        heatmap=coverage(library().data.matrix, learners, attained),
        late=overdue(learners, enrolments, today),
        titles={m.key: m.title for m in modules},
        form=_assign_form(actor, learners, form),
        agencies=_agency_names(),
        totals=module_totals() if actor.role == "admin" else None,
        modules=modules,
        requests_waiting=waiting_count(actor),
    ), status


@bp.get("/")
def dashboard():
    return _dashboard()


@bp.post("/assign", endpoint="assign")
def assign_view():
    actor = _me()
    form = _assign_form(actor, learners_in_scope(actor), AssignForm())
    if not form.validate_on_submit():
        return _dashboard(form, 400)
    try:
        chosen = recipients(
            actor, form.whom.data, form.learners.data or [], form.role.data or None, form.agency.data or None
        )
    except LearningError:
        abort(404)
    if not chosen:  # a role or an agency without learners: say so next to what was chosen
        if form.whom.data == "role":
            form.role.errors.append(_("No learner of the agency has this role."))
        else:
            target = form.agency if actor.role == "admin" else form.whom
            target.errors.append(_("This agency has no learners yet."))
        return _dashboard(form, 400)
    try:
        done = assign(library(), actor, chosen, form.module.data, form.due_on.data)
    except LearningError:
        abort(404)
    flash(_assignment_message(done))
    return redirect(url_for("supervision.dashboard"))


def _assignment_message(done: Assignment) -> str:
    parts = [
        ngettext(
            "The module was assigned to %(num)d learner.",
            "The module was assigned to %(num)d learners.",
            done.assigned,
        )
    ]
    if done.already and done.due_on:
        parts.append(
            ngettext(
                "%(num)d learner already had it; their due date is now %(date)s.",
                "%(num)d learners already had it; their due date is now %(date)s.",
                done.already,
                date=format_date(done.due_on, "long"),
            )
        )
    elif done.already:
        parts.append(
            ngettext(
                "%(num)d learner already had it and keeps their due date.",
                "%(num)d learners already had it and keep their due date.",
                done.already,
            )
        )
    if done.closed:
        parts.append(
            ngettext(
                "%(num)d learner was left out: the module is not open to their role.",
                "%(num)d learners were left out: the module is not open to their role.",
                done.closed,
            )
        )
    return " ".join(parts)


def _learner_or_404(user_id: int) -> User:
    return learner_for(_me(), user_id, request.endpoint) or abort(404)


def _record(
    learner: User,
    rating_form: RatingForm | None = None,
    erase_form: EraseForm | None = None,
    status: int = 200,
):
    lib = library()
    if request.method != "HEAD":  # a HEAD shows nothing of the record, so no opening is recorded
        open_record(_me(), learner)
    rating_form = rating_form or RatingForm(formdata=None)
    rating_form.competency.choices = competency_choices(g.lang)
    attained = attained_levels([learner.id])[learner.id]
    states = progress(lib, learner.id)
    return render_template(
        "supervision/learner.html",
        learner=learner,
        states=states,
        titles={
            key: (module_item(lib, key, g.lang) or lib.get(key, SOURCE_LANGUAGE)).title for key in states
        },
        grid=matrix_grid(lib.data.matrix, learner.role, attained),
        attempts=attempts_of(learner.id),
        evidence=evidence_of(learner.id),
        ratings=ratings_of(learner.id),
        own=self_assessments_of(learner.id),
        certificates=[c for c in (certificate_of(learner.id, key) for key in states) if c],
        competency_names={c.id: pick(c.name, g.lang) for a in lib.data.matrix.areas for c in a.competencies},
        levels=level_names(g.lang),
        rating_form=rating_form,
        erase_form=erase_form or EraseForm(formdata=None),
        agencies=_agency_names(),
    ), status


@bp.get("/learners/<int:user_id>")
def learner(user_id: int):
    return _record(_learner_or_404(user_id))


@bp.post("/learners/<int:user_id>/ratings")
def rate_learner(user_id: int):
    learner = _learner_or_404(user_id)
    form = RatingForm()
    form.competency.choices = competency_choices(g.lang)
    if form.validate_on_submit():
        try:
            rate(
                library().data.matrix,
                _me(),
                learner,
                form.competency.data,
                form.level.data,
                form.comment.data,
            )
        except RatingError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("The rating was saved."))
            return redirect(url_for("supervision.learner", user_id=learner.id))
    return _record(learner, form, status=400)


@bp.post("/learners/<int:user_id>/erase")
def erase(user_id: int):
    learner = _learner_or_404(user_id)
    form = EraseForm()
    if not form.validate_on_submit():
        return _record(learner, erase_form=form, status=400)
    email = learner.email  # erasure replaces it: the sign-in counters are keyed by the address it had
    try:
        erase_learner(_me(), learner)
    except ErasureError:
        abort(400)
    forget_account(email)
    flash(_("The learner's records were erased."))
    return redirect(url_for("supervision.dashboard"))


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@bp.get("/export.csv")
def export_csv():
    """One table as CSV (a CSV file holds one): ?table=progress (the default) or ?table=competencies."""
    which = request.args.get("table", "progress")
    if which not in TABLES:
        abort(404)
    actor, today = _me(), now().date()
    learners = learners_in_scope(actor)
    if which == "progress":
        table = progress_table(library(), learners, g.lang, today)
    else:
        table = competency_table(library(), learners, g.lang)
    if request.method != "HEAD":  # a HEAD sends no data, so it records no export
        audit_export(actor, f"csv {which}", len(learners), len(table.rows))
    return _download("\ufeff" + as_csv(table), "text/csv", f"{table.slug}-{today.isoformat()}.csv")


@bp.get("/export.xlsx")
def export_xlsx():
    """Both tables as one workbook: module progress and competency levels."""
    actor, today = _me(), now().date()
    learners = learners_in_scope(actor)
    sheets = [
        progress_table(library(), learners, g.lang, today),
        competency_table(library(), learners, g.lang),
    ]
    if request.method != "HEAD":
        audit_export(actor, "xlsx", len(learners), sum(len(t.rows) for t in sheets))
    return _download(
        as_xlsx(sheets, g.lang),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"supervision-{today.isoformat()}.xlsx",
    )
