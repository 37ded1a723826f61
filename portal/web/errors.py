"""Translated error pages; a 500 shows an incident id and never a traceback."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, g, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from portal.content.model import SOURCE_LANGUAGE
from portal.web import auth_redirect
from portal.web.i18n import path_language

log = logging.getLogger(__name__)


def _render(status: int, incident: str | None = None, reload: str | None = None):
    g.lang = getattr(g, "lang", None) or path_language(request.path) or SOURCE_LANGUAGE
    return render_template("error.html", status=status, incident=incident, reload=reload), status


def _opens_with_get(path: str) -> bool:
    adapter = request.url_rule and request.url_rule.map.bind("", url_scheme=request.scheme)
    if not adapter:
        return False
    try:
        adapter.match(path, method="GET")
    except (NotFound, MethodNotAllowed, RequestRedirect):
        return False
    return True


def reload_target(path: str) -> str:
    """Return the page to open again after a refused form: the form's own page when it opens with GET.

    A form posted to an address of its own (`.../done`, `.../start`) lives on the page one level up; the
    Referer is never sent (Referrer-Policy: no-referrer), so the path is all there is to go by.
    """
    for candidate in (path, path.rstrip("/").rsplit("/", 1)[0]):
        if candidate and _opens_with_get(candidate):
            return candidate
    return url_for("pages.home", lang=g.lang)


def handle_csrf(error: CSRFError):
    """Explain a refused form token (the page was open too long) and offer to open the page again."""
    g.lang = getattr(g, "lang", None) or path_language(request.path) or SOURCE_LANGUAGE
    return _render(400, reload=reload_target(request.path))


def handle_http(error: HTTPException):
    """Render an HTTP error in the visitor's language."""
    if error.response is not None:
        return error.response
    if error.code == 401:
        return auth_redirect.to_login()
    body, status = _render(error.code or 500)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        return body, status, {"Allow": ", ".join(sorted(error.valid_methods))}
    return body, status


def handle_unexpected(error: Exception):
    """Log an unexpected failure under an incident id and show only that id."""
    incident = uuid.uuid4().hex[:12]
    original = getattr(error, "original_exception", None) or error
    log.error("incident %s on %s %s", incident, request.method, request.path, exc_info=original)
    return _render(500, incident)


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
