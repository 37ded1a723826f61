"""Shared fixtures: app factories over the small test corpus or the real content, a live server."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
CONTENT = TESTS.parent / "content"


POSTGRES_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def postgres_url():
    """Create a database of our own on the PostgreSQL server for this run, and drop it afterwards."""
    if not POSTGRES_URL:
        pytest.skip("PORTAL_TEST_DATABASE_URL is not set: PostgreSQL runs are skipped")
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # the server is unreachable here
        pytest.skip(f"PostgreSQL at {make_url(POSTGRES_URL).host} is unreachable: {error.__class__.__name__}")
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> str:
    """Run a database test on SQLite and, when configured, on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'portal.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def make_app(tmp_path: Path, database_url: str) -> Callable[..., Flask]:
    """Return a factory of apps with an empty database; keyword arguments override the config."""

    def factory(**overrides) -> Flask:
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "CONTENT_DIR": str(CORPUS),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_URI": "memory://",  # each test counts its own attempts
            "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
            "RENDER_CACHE_DIR": str(tmp_path / "render-cache"),
            "QUICK_EXIT_URL": "https://www.wikipedia.org/",
        }
        config.update(overrides)
        app = create_app(config)
        with app.app_context():
            db.drop_all()
            db.create_all()
        return app

    return factory


@pytest.fixture
def app(make_app) -> Flask:
    """An app over the small test corpus."""
    return make_app()


@pytest.fixture
def client(app):
    """A test client of the corpus app."""
    return app.test_client()


def _app_on_disk(tmp: Path, content: Path, **overrides) -> Flask:
    """Return an app over `content` whose SQLite database, search index and render cache live in `tmp`."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "CONTENT_DIR": str(content),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'portal.db'}",
            "SEARCH_INDEX_DIR": str(tmp / "search-index"),
            "RENDER_CACHE_DIR": str(tmp / "render-cache"),
            "RATELIMIT_STORAGE_URI": "memory://",
            **overrides,
        }
    )
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="session")
def real_app(tmp_path_factory) -> Flask:
    """An app over the bundled content, shared by the tests that only read."""
    return _app_on_disk(tmp_path_factory.mktemp("real"), CONTENT)


class LiveServer:
    """A real HTTP server running an app in a thread, on a free port of 127.0.0.1."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()


def _serve(tmp: Path, content: Path, **overrides) -> LiveServer:
    app = _app_on_disk(tmp, content, **{"QUICK_EXIT_URL": "/healthz", **overrides})
    return LiveServer(app)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the bundled content over HTTP; quick exit leads to the server's own neutral page."""
    server = _serve(tmp_path_factory.mktemp("live"), CONTENT)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def accounts_server(tmp_path_factory):
    """Serve the test corpus with one signed-up specialist (email ana@example.org, the STRONG password)."""
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password

    server = _serve(tmp_path_factory.mktemp("accounts"), CORPUS)
    with server.app.app_context():
        db.session.add(
            User(
                email="ana@example.org",
                display_name="Ana Specialist",
                role="specialist",
                agency="centru",
                password_hash=hash_password("violet harbour tractor seventeen quietly"),
            )
        )
        db.session.commit()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def corpus_server(tmp_path_factory):
    """Serve the small test corpus over HTTP."""
    server = _serve(tmp_path_factory.mktemp("corpus"), CORPUS)
    yield server
    server.stop()


CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make browser-deps installs it)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def make_user(app):
    """Return a factory of users with a known strong password."""
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password

    hashes: dict[str, str] = {}

    def factory(
        email: str = "ana@example.org",
        role: str = "specialist",
        agency: str | None = "centru",
        password: str = "violet harbour tractor seventeen quietly",
        active: bool = True,
    ) -> User:
        if password not in hashes:
            hashes[password] = hash_password(password)
        with app.app_context():
            user = User(
                email=email,
                display_name=email.split("@")[0].title(),
                role=role,
                agency=agency,
                language="ro",
                password_hash=hashes[password],
                active=active,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        return user

    return factory


@pytest.fixture
def https_client(app):
    """A test client on https, so Secure cookies are sent back as a browser would."""
    return app.test_client()
