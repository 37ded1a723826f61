"""Signed-in sessions: idle and absolute time-outs, and no caching of private pages."""

from __future__ import annotations

import time

from flask import Flask, Response, abort, session
from flask_login import current_user, logout_user

IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 12 * 60 * 60


def start(now: float | None = None) -> None:
    """Mark the start of a freshly signed-in session."""
    now = now or time.time()
    session["signed_in_at"] = now
    session["seen_at"] = now


def check() -> None:
    """End a session that has been idle or open too long."""
    if not current_user.is_authenticated:
        return
    now = time.time()
    started = session.get("signed_in_at", 0)
    seen = session.get("seen_at", 0)
    if now - seen > IDLE_SECONDS or now - started > ABSOLUTE_SECONDS:
        logout_user()
        session.clear()
        abort(401)
    session["seen_at"] = now


def no_store(response: Response) -> Response:
    """Keep signed-in pages out of every cache, so Back after sign-out shows nothing private."""
    if current_user.is_authenticated or session.get("_user_id"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Vary"] = "Cookie"
    return response


def init_app(app: Flask) -> None:
    """Install the checks."""
    app.before_request(check)
    app.after_request(no_store)
