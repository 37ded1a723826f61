"""Where an anonymous visitor goes when a page needs signing in."""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, url_for
from werkzeug.routing import BuildError


def to_login():
    """Send the visitor to the sign-in page, or explain that signing in is needed."""
    try:
        return redirect(url_for("auth.login", lang=getattr(g, "lang", "ro"), next=request.path))
    except BuildError:
        current_app.logger.debug("no sign-in page is registered")
        return render_template("error.html", status=401, incident=None), 401
