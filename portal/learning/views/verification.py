"""Public certificate verification: a box for the code; valid or not, whose (the printed name), which module,
issued when, how many hours. Nothing else about the person."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, g, render_template, request, url_for
from flask_babel import format_decimal, refresh

from portal.content.model import LANGUAGES, SOURCE_LANGUAGE
from portal.learning.certificates import verify as check_code
from portal.learning.enrolment import module_item
from portal.web.content_loader import library
from portal.web.i18n import LANGUAGE_NAMES

bp = Blueprint("verification", __name__)

TYPED_MAX = 64  # what is shown back of a typed code (the box takes no more)


@bp.get("/verify", defaults={"code": None})
@bp.get("/verify/<code>")
def verify(code: str | None):
    g.lang = (
        request.args.get("lang")
        if request.args.get("lang") in LANGUAGES
        else request.accept_languages.best_match(LANGUAGES) or SOURCE_LANGUAGE
    )
    refresh()  # the language was chosen just now: translate in it
    from_form = code is None
    typed = (request.args.get("code", "") if from_form else code)[:TYPED_MAX]
    asked = bool(typed.strip()) or (from_form and "code" in request.args)
    result = check_code(typed) if typed.strip() else None
    module = module_item(library(), result.module_key, g.lang) if result and result.valid else None
    hours = None
    if module is not None and module.duration_minutes:
        hours = format_decimal(round(module.duration_minutes / 60, 1))
    return render_template(
        "learning/verify.html",
        result=result,
        asked=asked,
        module=module,
        hours=hours,
        code=typed,
        languages=_switcher(typed, from_form),
    )


def _switcher(typed: str, from_form: bool) -> list[tuple[str, str, str]]:
    """The language switcher stays on this page (the default one leads to the home page of a language)."""
    if from_form:
        query = {"code": typed} if typed else {}
        form = url_for("verification.verify")
        urls = {lang: f"{form}?{urlencode({**query, 'lang': lang})}" for lang in LANGUAGES}
    else:
        urls = {lang: url_for("verification.verify", code=typed, lang=lang) for lang in LANGUAGES}
    return [(lang, LANGUAGE_NAMES[lang], urls[lang]) for lang in LANGUAGES]
