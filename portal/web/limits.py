"""Brute-force limits on sign-in and password links, per account and per client, shared through Redis.

Only failed sign-ins count (a class signing in again and again is never refused), and no key holds an
email address, a link token or a client address in clear: each is a keyed hash (HMAC-SHA256 under a key
derived from SECRET_KEY), so whoever reads Redis learns nothing of who tried. Without Redis the counters
live in each worker process.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)

SIGN_IN_ENDPOINT = "auth.login"


def _digest(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    key = hmac.new(secret, b"portal rate-limit keys", hashlib.sha256).digest()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def normalized_email(email: str | None) -> str:
    """Return an address as the sign-in limit counts it: trimmed, lower case, at most 254 characters."""
    return (email or "").strip().lower()[:254]


def account_identity(email: str) -> str:
    """Return the limit key of the account named `email` (a keyed hash, never the address)."""
    return "account:" + _digest("account", normalized_email(email))


def account_key() -> str:
    """Key a limit by the account named in the form, so one account is protected from many clients."""
    return account_identity(request.form.get("email"))


def token_key() -> str:
    """Key a limit by the one-time link being tried (a keyed hash: the token opens an account)."""
    return "link:" + _digest("link", (request.view_args or {}).get("token", "")[:100])


def client_key() -> str:
    """Key a limit by the client's address (a keyed hash; ProxyFix has already put the real one there)."""
    return "client:" + _digest("client", get_remote_address() or "")


def sign_in_failed() -> None:
    """Mark this request as a failed sign-in: only such requests use up the sign-in limits."""
    g.sign_in_failed = True


def counts_as_failure(response) -> bool:
    """Tell the limiter whether to count this sign-in request (a `deduct_when` callback)."""
    return bool(g.get("sign_in_failed"))


def forget_account(email: str) -> None:
    """Remove the sign-in limit counters of the account `email` (when its owner is erased)."""
    item = parse(per_account())
    prefix = limiter._key_prefix  # the prefix the limiter really puts in front (it keeps the first one set)
    identifiers = [prefix] if prefix else []
    limiter.limiter.clear(item, *identifiers, account_identity(email), SIGN_IN_ENDPOINT)


def per_account() -> str:
    """Return the configured limit per account."""
    return current_app.config["LIMIT_PER_ACCOUNT"]


def per_client() -> str:
    """Return the configured limit per client address."""
    return current_app.config["LIMIT_PER_CLIENT"]


def configured_limit(name: str) -> Callable[[], str]:
    """Return a limit that reads the setting `name` at request time (e.g. LIMIT_RESET_PER_ACCOUNT)."""
    return lambda: current_app.config[name]


def init_app(app: Flask) -> None:
    """Use Redis for the counters when PORTAL_REDIS_URL is set, so limits hold across worker processes."""
    app.config.setdefault("LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    app.config.setdefault("LIMIT_PER_CLIENT", "30 per 15 minutes")
    # "Forgot your password?" and "Request an account" count every request, not only failures.
    app.config.setdefault("LIMIT_RESET_PER_ACCOUNT", "5 per hour")
    app.config.setdefault("LIMIT_RESET_PER_CLIENT", "20 per hour")
    app.config.setdefault("LIMIT_REQUEST_PER_ACCOUNT", "5 per day")
    app.config.setdefault("LIMIT_REQUEST_PER_CLIENT", "10 per hour")
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    limiter.init_app(app)
