"""Brute-force limits on sign-in and password links, per account and per client, shared through Redis."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


def account_key() -> str:
    """Key a limit by the account named in the form, so one account is protected from many clients."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def token_key() -> str:
    """Key a limit by the one-time link being tried."""
    return "link:" + (request.view_args or {}).get("token", "")[:100]


def per_account() -> str:
    """Return the configured limit per account."""
    return current_app.config["LIMIT_PER_ACCOUNT"]


def per_client() -> str:
    """Return the configured limit per client address."""
    return current_app.config["LIMIT_PER_CLIENT"]


def init_app(app: Flask) -> None:
    """Use Redis for the counters when PORTAL_REDIS_URL is set, so limits hold across worker processes."""
    app.config.setdefault("LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    app.config.setdefault("LIMIT_PER_CLIENT", "30 per 15 minutes")
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    limiter.init_app(app)
