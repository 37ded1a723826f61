"""Languages in URLs: the `<lang:lang>` and `<slug:...>` converters, each request's locale, language links."""

from __future__ import annotations

from flask import Flask, g, has_request_context, request, url_for
from werkzeug.routing import BaseConverter

from portal.content.model import LANGUAGES, SOURCE_LANGUAGE

LANGUAGE_NAMES = {"ro": "Română", "ru": "Русский", "uk": "Українська", "en": "English"}


class LanguageConverter(BaseConverter):
    """Match only the portal's languages, so `/xx/...` is a 404."""

    regex = "|".join(LANGUAGES)


class SlugConverter(BaseConverter):
    """Match only content slugs, so no path trick ever reaches a lookup."""

    regex = "[a-z0-9]+(?:-[a-z0-9]+)*"


def path_language(path: str) -> str | None:
    """Return the language a site path starts with, if any."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def select_locale() -> str:
    """Choose the language of this request: the URL's, else the browser's, else Romanian."""
    if not has_request_context():
        return "en"  # command-line tools speak English
    lang = getattr(g, "lang", None) or path_language(request.path)
    if lang:
        return lang
    return request.accept_languages.best_match(LANGUAGES) or SOURCE_LANGUAGE


def switch_language(path: str, lang: str) -> str:
    """Return the same site path in another language."""
    current = path_language(path)
    if current is None:
        return url_for("pages.home", lang=lang)
    return f"/{lang}{path[len(current) + 1 :]}"  # the same path: only its first part changes


def _pull_lang(endpoint: str | None, values: dict | None) -> None:
    if values and "lang" in values:
        g.lang = values.pop("lang")


def _push_lang(endpoint: str, values: dict) -> None:
    if "lang" not in values and getattr(g, "lang", None):
        from flask import current_app

        if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.lang


def init_app(app: Flask) -> None:
    """Register the language converter and carry the language from URL to URL."""
    app.url_map.converters["lang"] = LanguageConverter
    app.url_map.converters["slug"] = SlugConverter
    app.url_value_preprocessor(_pull_lang)
    app.url_defaults(_push_lang)
