"""Supervisor dashboard: their agency's learners (admins: all), assignments, coverage, records, export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.accounts.models import User
from portal.accounts.requests import waiting_count
from portal.content.data import pick
from portal.content.model import SOURCE_LANGUAGE
from portal.extensions import db
from portal.learning.attempts import attempts_of
from portal.learning.competencies import RatingError, attained_levels, coverage, matrix_grid, rate
from portal.learning.enrolment import LearningError, certificate_of, module_item, progress
from portal.learning.erasure import ErasureError, erase_learner, module_totals
from portal.learning.exports import supervision_csv
from portal.learning.forms import AssignForm, EraseForm, RatingForm
from portal.learning.models import now
from portal.learning.supervision import (
    assign,
    completion_by_module,
    enrolments_of,
    evidence_of,
    learner_for,
    learners_in_scope,
    open_record,
    overdue,
    ratings_of,
    self_assessments_of,
)
from portal.learning.views.learning import competency_choices, level_names
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


def _assign_form(learners: list[User], form: AssignForm | None = None) -> AssignForm:
    form = form or AssignForm(formdata=None)
    form.learners.choices = [(u.id, u.display_name) for u in learners]
    form.module.choices = [("", "—")] + [(m.key, m.title) for m in _modules()]
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
        form=_assign_form(learners, form),
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
    form = _assign_form(learners_in_scope(actor), AssignForm())
    if form.validate_on_submit():
        chosen = [db.session.get(User, user_id) for user_id in form.learners.data]
        try:
            count = assign(library(), actor, [u for u in chosen if u], form.module.data, form.due_on.data)
        except LearningError:
            abort(404)
        flash(
            ngettext(
                "The module was assigned to %(num)d learner.",
                "The module was assigned to %(num)d learners.",
                count,
            )
        )
        return redirect(url_for("supervision.dashboard"))
    return _dashboard(form, 400)


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


@bp.get("/export.csv")
def export_csv():
    actor = _me()
    learners = learners_in_scope(actor)
    text = supervision_csv(library(), actor, learners, g.lang, audit=request.method != "HEAD")
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="learners.csv"'},
    )
