"""Public certificate verification: valid or not, for which module, issued when; nothing about the person."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request, url_for
from flask_babel import refresh

from portal.content.model import LANGUAGES, SOURCE_LANGUAGE
from portal.learning.certificates import verify as check_code
from portal.learning.enrolment import module_item
from portal.web.content_loader import library
from portal.web.i18n import LANGUAGE_NAMES

bp = Blueprint("verification", __name__)


@bp.get("/verify/<code>")
def verify(code: str):
    g.lang = (
        request.args.get("lang")
        if request.args.get("lang") in LANGUAGES
        else request.accept_languages.best_match(LANGUAGES) or SOURCE_LANGUAGE
    )
    refresh()  # the language was chosen just now: translate in it
    result = check_code(code)
    module = module_item(library(), result.module_key, g.lang) if result.valid else None
    shown = code[:40]
    # the language switcher stays on this page (the default one leads to the home page of a language)
    languages = [
        (lang, LANGUAGE_NAMES[lang], url_for("verification.verify", code=shown, lang=lang))
        for lang in LANGUAGES
    ]
    return render_template(
        "learning/verify.html", result=result, module=module, code=shown, languages=languages
    )
