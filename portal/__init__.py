"""The portal's Flask application factory: it only wires things together."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from portal.config import DEFAULT_SECRET_KEY, MIN_SECRET_KEY_LENGTH, DefaultConfig


def create_app(
    test_config: Mapping[str, Any] | None = None, instance_path: str | Path | None = None
) -> Flask:
    """Create and configure the portal, keeping its files in `instance_path`.

    The instance folder is `instance_path`, else $PORTAL_INSTANCE_PATH, else `instance/` beside the package.
    """
    instance = instance_path or os.environ.get("PORTAL_INSTANCE_PATH") or None
    app = Flask(
        __name__,
        instance_path=os.path.abspath(instance) if instance else None,
        instance_relative_config=True,
    )
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("portal.cfg", silent=True)
    app.config.from_prefixed_env("PORTAL")
    if test_config:
        app.config.from_mapping(test_config)
    _derive_paths(app)

    from portal import database, extensions, policy
    from portal.accounts import requests as _account_requests  # noqa: F401 - its table, for create_all
    from portal.accounts.models import load_user
    from portal.accounts.views import account, admin, auth
    from portal.accounts.views import requests as account_requests
    from portal.editorial import live
    from portal.editorial import models as _editorial_models  # noqa: F401 - its tables, for create_all
    from portal.editorial.views import data_files, drafts, quizzes, review
    from portal.editorial.views import history as editor_history
    from portal.editorial.views import status as editor
    from portal.editorial.views import translations as translation_desk
    from portal.learning.views import learning, supervision, verification
    from portal.notifications import views as notifications
    from portal.pages.views import convention, images, pages, site
    from portal.searching import service as search_service
    from portal.searching import views as search_views
    from portal.web import (
        compression,
        content_loader,
        converters,
        errors,
        headers,
        i18n,
        limits,
        logs,
        page_cache,
        proxy,
        session_guard,
        static_files,
        templating,
        uploads,
    )

    converters.init_app(app)
    uploads.init_app(app)
    proxy.init_app(app)
    database.init_app(app)
    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(Path(__file__).parent / "migrations"))
    extensions.babel.init_app(app, locale_selector=i18n.select_locale)
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)
    extensions.login_manager.user_loader(load_user)
    extensions.mail.init_app(app)
    i18n.init_app(app)
    page_cache.init_app(app)  # first: it keeps pages as the steps registered after it leave them
    headers.init_app(app)
    compression.init_app(app)  # after the headers: the ETag then names the compressed body
    static_files.init_app(app)
    limits.init_app(app)
    session_guard.init_app(app)
    policy.init_app(app)
    logs.init_app(app)
    content_loader.init_app(app)
    live.init_app(app)  # after the library is loaded: it remembers which content version that is
    templating.init_app(app)
    search_service.init_app(app)
    errors.init_app(app)
    app.register_blueprint(site.bp)
    for module in (
        pages,
        images,
        convention,
        search_views,
        auth,
        account,
        admin,
        account_requests,
        editor,
        editor_history,
        drafts,
        review,
        translation_desk,
        quizzes,
        data_files,
        learning,
        supervision,
        verification,
        notifications,
    ):
        app.register_blueprint(module.bp)

    from portal import cli

    cli.init_app(app)
    return app


def _derive_paths(app: Flask) -> None:
    instance = Path(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(instance, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'portal.db'}"
    if not app.config.get("SEARCH_INDEX_DIR"):
        app.config["SEARCH_INDEX_DIR"] = str(instance / "search-index")
    if not app.config.get("RENDER_CACHE_DIR"):
        app.config["RENDER_CACHE_DIR"] = str(instance / "render-cache")
    if app.debug:
        app.config["SESSION_COOKIE_SECURE"] = False


def require_strong_secret(app: Flask) -> None:
    """Refuse to serve with a missing, default or short SECRET_KEY, whatever DEBUG or TESTING say.

    The production entry point calls it; debug and testing are settings like any other here, so an
    environment that turns them on (PORTAL_DEBUG=true) must not open the door to a cookie signed with
    the public default key.
    """
    secret = app.config.get("SECRET_KEY")
    if isinstance(secret, bytes):
        secret = secret.decode("utf-8", "replace")
    secret = str(secret or "").strip()
    if not secret or secret == DEFAULT_SECRET_KEY or len(secret) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            "Refusing to start: set a strong SECRET_KEY "
            f"(at least {MIN_SECRET_KEY_LENGTH} characters, not the default) "
            "in instance/portal.cfg or PORTAL_SECRET_KEY. `make serve` writes one for you."
        )
