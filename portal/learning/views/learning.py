"""My learning: modules to take, lessons done, quizzes, the competency matrix, certificates, my data."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import policy
from portal.content.data import pick
from portal.content.model import SOURCE_LANGUAGE
from portal.learning.attempts import (
    AnswerError,
    attempt_for,
    attempts_of,
    feedback,
    open_attempt,
    open_attempt_of,
    refuse_attempt,
    shown_questions,
    submit_attempt,
)
from portal.learning.certificates import certificate_pdf
from portal.learning.competencies import (
    RatingError,
    attained_levels,
    matrix_grid,
    recommend,
    self_assess,
    self_levels,
    through_practice,
)
from portal.learning.enrolment import (
    LearningError,
    certificate_of,
    done_lessons,
    has_quiz,
    is_overdue,
    lesson_keys,
    mark_lesson_done,
    module_item,
    module_open_to,
    open_modules,
    ordered_modules,
    progress,
    start_module,
)
from portal.learning.exports import export_own_data, learner_csv, learner_data
from portal.learning.forms import SelfAssessmentForm
from portal.learning.models import now
from portal.learning.supervision import ratings_of
from portal.web.content_loader import library
from portal.web.forms import ActionForm
from portal.web.links import site_url

bp = Blueprint("learning", __name__, url_prefix="/<lang:lang>/learning")


def _me():
    return current_user._get_current_object()


def _item_url(key: str) -> str:
    return (library().get(key, g.lang) or library().get(key, SOURCE_LANGUAGE)).url


def level_names(lang: str) -> dict[int, str]:
    """Return the matrix's level names in `lang`."""
    return {entry["level"]: pick(entry.get("name"), lang) for entry in library().data.matrix.levels}


def competency_choices(lang: str) -> list[tuple[str, str]]:
    """Return the matrix's competencies for a select field, by area."""
    return [("", "—")] + [
        (c.id, f"{pick(a.name, lang)} — {pick(c.name, lang)}")
        for a in library().data.matrix.areas
        for c in a.competencies
    ]


def _self_form(form: SelfAssessmentForm | None = None) -> SelfAssessmentForm:
    form = form or SelfAssessmentForm(formdata=None)
    form.competency.choices = competency_choices(g.lang)
    return form


def _home(form: SelfAssessmentForm | None = None, status: int = 200):
    user, lib = _me(), library()
    states = progress(lib, user.id)
    modules = ordered_modules(open_modules(lib, user, g.lang), states)
    grid = matrix_grid(lib.data.matrix, user.role, attained_levels([user.id])[user.id], self_levels(user.id))
    certificates = {c.module_key: c for c in (certificate_of(user.id, m.key) for m in modules) if c}
    return render_template(
        "learning/home.html",
        modules=modules,
        states=states,
        grid=grid,
        recommendations=recommend(modules, grid, states),
        practice=through_practice(modules, grid, states),
        certificates=certificates,
        levels=level_names(g.lang),
        form=_self_form(form),
        overdue={key for key, state in states.items() if is_overdue(state, now().date())},
        ratings=ratings_of(user.id),
        matrix=lib.data.matrix,
    ), status


@bp.get("/")
def home():
    return _home()


@bp.post("/self-assessment")
def self_assessment():
    form = _self_form(SelfAssessmentForm())
    if form.validate_on_submit():
        try:
            self_assess(library().data.matrix, _me(), form.competency.data, form.level.data)
        except RatingError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("Your self-assessment was saved. It is shown apart from validated levels."))
            return redirect(url_for("learning.home", _anchor="matrix"))
    return _home(form, 400)


@bp.post("/<slug:training>/start")
def start(training: str):
    key = f"trainings/{training}"
    try:
        start_module(library(), _me(), key)
    except LearningError:
        abort(404)
    lessons = lesson_keys(library(), key)
    return redirect(_item_url(lessons[0] if lessons else key))


@bp.post("/<slug:training>/<slug:lesson>/done")
def lesson_done(training: str, lesson: str):
    module_key, key = f"trainings/{training}", f"trainings/{training}/{lesson}"
    lessons = lesson_keys(library(), module_key)
    if key not in lessons or not module_open_to(library(), _me(), module_key):
        abort(404)
    mark_lesson_done(library(), _me(), key)
    following = lessons[lessons.index(key) + 1 :]
    return redirect(_item_url(following[0] if following else module_key) + ("" if following else "#learning"))


@bp.route("/<slug:training>/quiz", methods=["GET", "POST"])
def quiz(training: str):
    """Offer to start the quiz (GET changes nothing); a POST opens the attempt, or resumes the open one."""
    user, lib, key = _me(), library(), f"trainings/{training}"
    if not module_open_to(lib, user, key) or not has_quiz(lib, key):
        abort(404)
    if request.method == "POST":
        attempt = open_attempt(lib, user, key, g.lang)
        return redirect(url_for("learning.attempt", attempt_id=attempt.id), code=303)
    return render_template(
        "learning/quiz_start.html",
        module=module_item(lib, key, g.lang),
        open_attempt=open_attempt_of(user.id, key),
    )


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
def attempt(attempt_id: int):
    user, lib = _me(), library()
    found = attempt_for(user, attempt_id)
    if found is None:
        refuse_attempt(user, attempt_id, request.endpoint)
        abort(404)  # someone else's attempt is not there at all
    module = module_item(lib, found.module_key, g.lang)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        sent = request.form.to_dict(flat=False)
        try:
            submit_attempt(lib, user, found, sent)
        except AnswerError:
            return render_template(
                "learning/quiz.html",
                attempt=found,
                module=module,
                questions=shown_questions(lib, found, g.lang),
                sent=sent,
                error=_("Some answers could not be read. Please check your choices and send them again."),
            ), 400
        return redirect(url_for("learning.attempt", attempt_id=found.id), code=303)
    if found.submitted_at is None:
        return render_template(
            "learning/quiz.html", attempt=found, module=module, questions=shown_questions(lib, found, g.lang)
        )
    return render_template(
        "learning/results.html",
        attempt=found,
        module=module,
        answers=feedback(lib, found, g.lang),
        attempts=attempts_of(user.id, found.module_key),
        state=progress(lib, user.id).get(found.module_key),
        certificate=certificate_of(user.id, found.module_key),
    )


@bp.get("/<slug:training>/certificate.pdf")
def certificate(training: str):
    user, key = _me(), f"trainings/{training}"
    found = certificate_of(user.id, key)
    if found is None:
        flash(_("There is no certificate for this module yet: finish its lessons and pass its quiz."))
        return redirect(url_for("learning.home"))
    with force_locale(user.language):
        html = render_template(
            "learning/certificate.html",
            certificate=found,
            learner=user,
            lang=user.language,
            module=module_item(library(), key, user.language),
            verify_url=site_url("verification.verify", code=found.code, lang=user.language),
        )
    return Response(
        certificate_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{training}.pdf"'},
    )


@bp.get("/my-data.json")
def my_data_json():
    user = _me()
    data = learner_data(library(), user, g.lang)
    if request.method != "HEAD":  # a HEAD sends no data, so no download is recorded
        export_own_data(user, "json")
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-learning-data.json"'},
    )


@bp.get("/my-data.csv")
def my_data_csv():
    user = _me()
    text = learner_csv(learner_data(library(), user, g.lang))
    if request.method != "HEAD":
        export_own_data(user, "csv")
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="my-learning-data.csv"'},
    )


def learning_state(item) -> dict | None:
    """Return what the module or lesson page offers a learner: start, mark done, quiz, certificate."""
    if not current_user.is_authenticated or not policy.allowed("learning.home", policy.role_of(current_user)):
        return None
    if item.kind not in ("module", "lesson"):
        return None
    lib, user = library(), _me()
    key = item.key if item.kind == "module" else item.parent_key
    if not module_open_to(lib, user, key):
        return None
    state = progress(lib, user.id).get(key)
    return {
        "module_key": key,
        "slug": key.split("/", 1)[1],
        "state": state,
        "quiz": has_quiz(lib, key),
        "lesson_done": item.kind == "lesson" and item.key in done_lessons(user.id, key),
        "certificate": certificate_of(user.id, key),
    }


@bp.app_context_processor
def _learning_globals() -> dict:
    return {"learning_state": learning_state}
