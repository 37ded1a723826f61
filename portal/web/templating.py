"""What every template may use: the language, the switcher, help lines, the policy, text pickers."""

from __future__ import annotations

from flask import Flask, g, request
from flask_babel import format_date
from flask_login import current_user

from portal import policy
from portal.content.data import pick
from portal.content.model import LANGUAGES, SOURCE_LANGUAGE
from portal.web.content_loader import library
from portal.web.i18n import LANGUAGE_NAMES, path_language, switch_language


def _globals() -> dict:
    lang = getattr(g, "lang", None) or path_language(request.path) or SOURCE_LANGUAGE
    return {
        "lang": lang,
        "languages": [
            (code, LANGUAGE_NAMES[code], switch_language(request.path, code)) for code in LANGUAGES
        ],
        "hotlines": library().data.hotlines,
        "hotline": _hotline,
        "language_name": LANGUAGE_NAMES.get,
        "allowed": _allowed,
    }


def _allowed(endpoint: str) -> bool:
    """Tell whether the current visitor may open `endpoint` (menus offer only what the policy allows)."""
    return policy.allowed(endpoint, policy.role_of(current_user))


def _hotline(hotline_id: str):
    return next(h for h in library().data.hotlines if h.id == hotline_id)


def _pick(texts: dict | None, lang: str) -> str:
    return pick(texts, lang)


def _date(value) -> str:
    return format_date(value, "long") if value else ""


def init_app(app: Flask) -> None:
    """Register the template globals and filters."""
    app.context_processor(_globals)
    app.add_template_filter(_pick, "pick")
    app.add_template_filter(_date, "longdate")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
