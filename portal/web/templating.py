"""What every template may use: the language, the switcher, help lines, the policy, text pickers."""

from __future__ import annotations

from flask import Flask, g, request
from flask_babel import format_date
from flask_login import current_user
from markupsafe import Markup

from portal import policy
from portal.content.data import pick
from portal.content.model import LANGUAGES, SOURCE_LANGUAGE
from portal.content.phones import link_phones, tel_uri
from portal.roles import ROLES
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
        "role_name": _role_name,
    }


def _role_name(role: str) -> str:
    """Return a role's name in the reader's language (never its code)."""
    return str(ROLES[role].label) if role in ROLES else role


def _allowed(endpoint: str) -> bool:
    """Tell whether the current visitor may open `endpoint` (menus offer only what the policy allows)."""
    return policy.allowed(endpoint, policy.role_of(current_user))


def _hotline(hotline_id: str):
    return next(h for h in library().data.hotlines if h.id == hotline_id)


def _pick(texts: dict | None, lang: str) -> str:
    return pick(texts, lang)


def _date(value) -> str:
    return format_date(value, "long") if value else ""


def _tel(number: str) -> str:
    """Return the tap-to-call address of a number as written, in its international form."""
    return tel_uri(number) or "tel:" + "".join(c for c in number if c.isdigit() or c == "+")


def _phones(text: str) -> Markup:
    """Return plain text with its phone numbers as tap-to-call links (for front-matter texts)."""
    return Markup(link_phones(text))  # noqa: S704  # nosec B704 - link_phones escapes the text first


def init_app(app: Flask) -> None:
    """Register the template globals and filters."""
    app.context_processor(_globals)
    app.add_template_filter(_pick, "pick")
    app.add_template_filter(_date, "longdate")
    app.add_template_filter(_tel, "tel")
    app.add_template_filter(_phones, "phones")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
