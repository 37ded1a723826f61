"""Shared fixtures: app factories over the small test corpus or the real content, a live server."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from accounts_helpers import sign_in
from editorial_helpers import git
from flask import Flask
from hypothesis import settings
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db

# Hypothesis keeps no example database in the repository: every run starts from its seed strategies.
settings.register_profile("suite", database=None)
settings.load_profile("suite")

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
CONTENT = TESTS.parent / "content"


# The servers these machines run; PORTAL_TEST_DATABASE_URL and PORTAL_REDIS_URL point the tests at others.
POSTGRES_URL = (
    os.environ.get("PORTAL_TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("PORTAL_REDIS_URL") or "redis://127.0.0.1:6379/0"


def unreachable(name: str, url: str, default_port: int) -> str | None:
    """Return why the server at `url` cannot be used (a skip reason), or None when it answers."""
    address = urlsplit(url)
    host, port = address.hostname or "127.0.0.1", address.port or default_port
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError as error:
        return f"{name} not reachable at {host}:{port} ({error.__class__.__name__})"
    return None


@pytest.fixture(scope="session")
def postgres_url():
    """Create a database of our own on the PostgreSQL server for this run, and drop it afterwards."""
    reason = unreachable("PostgreSQL", POSTGRES_URL, 5432)
    if reason:
        pytest.skip(reason)
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # it answers, but not as the tests need (auth, permissions)
        address = make_url(POSTGRES_URL)
        pytest.skip(
            f"PostgreSQL at {address.host}:{address.port or 5432} refused a test database: "
            f"{error.__class__.__name__}"
        )
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """Return the URL of a Redis server that answers, or skip saying why there is none."""
    reason = unreachable("Redis", REDIS_URL, 6379)
    if reason:
        pytest.skip(reason)
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {REDIS_URL} does not answer PING: {error.__class__.__name__}")
    return REDIS_URL


@pytest.fixture(scope="session", autouse=True)
def instance_folder(tmp_path_factory) -> Path:
    """Give apps made without an explicit instance path (subprocesses too) a temporary instance folder."""
    folder = tmp_path_factory.mktemp("instance")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_INSTANCE_PATH", str(folder))
        yield folder


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
            "QUICK_EXIT_URL": "https://www.wikipedia.org/",
        }
        config.update(overrides)
        app = create_app(config, instance_path=tmp_path / "instance")
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
    """Return an app over `content` whose instance folder (database, index, render cache) is in `tmp`."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "CONTENT_DIR": str(content),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'portal.db'}",
            "RATELIMIT_STORAGE_URI": "memory://",
            **overrides,
        },
        instance_path=tmp / "instance",
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
def requests_server(tmp_path_factory):
    """Serve the test corpus with mail configured (kept in memory) and a supervisor of the agency "centru".

    The supervisor signs in as sup@example.org with the STRONG password of accounts_server.
    """
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password

    server = _serve(tmp_path_factory.mktemp("requests"), CORPUS, MAIL_SERVER="smtp.example.org")
    with server.app.app_context():
        db.session.add(
            User(
                email="sup@example.org",
                display_name="Sabina Supervizor",
                role="supervisor",
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


@pytest.fixture
def editors_server(tmp_path):
    """Serve a copy of the corpus to an editor and a reviewer (password: accounts_helpers.STRONG)."""
    from accounts_helpers import STRONG

    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password
    from portal.extensions import db

    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    server = _serve(tmp_path / "instance", content)
    with server.app.app_context():
        for role in ("editor", "reviewer"):
            db.session.add(
                User(
                    email=f"{role}@example.org",
                    display_name=role.title(),
                    role=role,
                    password_hash=hash_password(STRONG),
                )
            )
        db.session.commit()
    yield server
    server.stop()


@pytest.fixture
def supervision_server(tmp_path):
    """Serve the test corpus to the supervisor of centru (sef@example.org, the STRONG password of
    accounts_server) with two specialists and a psychologist of centru and a specialist of nord."""
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password

    server = _serve(tmp_path / "supervision", CORPUS)
    hashed = hash_password("violet harbour tractor seventeen quietly")
    with server.app.app_context():
        for email, name, role, agency in (
            ("sef@example.org", "Șef Centru", "supervisor", "centru"),
            ("ana@example.org", "Ana Rusu", "specialist", "centru"),
            ("ion@example.org", "Ion Ciobanu", "specialist", "centru"),
            ("psi@example.org", "Maria Psiholog", "psychologist", "centru"),
            ("nord@example.org", "Vasile Nord", "specialist", "nord"),
        ):
            db.session.add(
                User(email=email, display_name=name, role=role, agency=agency, password_hash=hashed)
            )
        db.session.commit()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def history_server(tmp_path_factory):
    """Serve a git copy of the corpus whose Romanian material has a second version, to an editor.

    The editor signs in as editor@example.org with the STRONG password of accounts_server.
    """
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password

    tmp = tmp_path_factory.mktemp("history")
    repo = tmp / "content"
    shutil.copytree(CORPUS, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=Developer", "-c", "user.email=dev@example.org", "add", "-A")
    for message, old, new in (("Corpus", None, None), ("Durata: șase luni", "trei luni", "șase luni")):
        if old:
            target = repo / "materials" / "protection-order.ro.md"
            target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        git(
            repo,
            "-c",
            "user.name=Developer",
            "-c",
            "user.email=dev@example.org",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-am" if old else "-m",
            message,
        )
    server = _serve(tmp, repo)
    with server.app.app_context():
        db.session.add(
            User(
                email="editor@example.org",
                display_name="Elena Editor",
                role="editor",
                password_hash=hash_password("violet harbour tractor seventeen quietly"),
            )
        )
        db.session.commit()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def journey_server(tmp_path_factory):
    """Serve a git clone of the bundled content to an editor, a reviewer and a Russian translator.

    Elena Popescu (elena@example.org, editor), Radu Ceban (radu@example.org, reviewer) and Tatiana Rusu
    (tatiana@example.org, translator into Russian), each with the STRONG password of accounts_server.
    """
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password

    tmp = tmp_path_factory.mktemp("journey")
    repo = tmp / "content"
    shutil.copytree(CONTENT, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    developer = ("-c", "user.name=Developer", "-c", "user.email=dev@example.org")
    git(repo, *developer, "commit", "-q", "-m", "Content")
    server = _serve(tmp, repo, CONTENT_CHECK_SECONDS=1)
    hashed = hash_password("violet harbour tractor seventeen quietly")
    with server.app.app_context():
        for email, name, role, languages in (
            ("elena@example.org", "Elena Popescu", "editor", ""),
            ("radu@example.org", "Radu Ceban", "reviewer", ""),
            ("tatiana@example.org", "Tatiana Rusu", "translator", "ru"),
        ):
            db.session.add(
                User(email=email, display_name=name, role=role, languages=languages, password_hash=hashed)
            )
        db.session.commit()
    server.repo = repo
    yield server
    server.stop()


@pytest.fixture(scope="module")
def people_server(tmp_path_factory):
    """Serve the bundled content to a specialist, her supervisor and an admin (the STRONG password).

    ana@example.org (specialist, agency centru), sef@example.org (its supervisor), admin@example.org.
    """
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password
    from portal.extensions import db

    server = _serve(tmp_path_factory.mktemp("people"), CONTENT)
    hashed = hash_password("violet harbour tractor seventeen quietly")
    with server.app.app_context():
        for email, name, role, agency in (
            ("ana@example.org", "Ana Specialistă-Comunitară", "specialist", "centru"),
            ("sef@example.org", "Șef Direcția Asistență Socială", "supervisor", "centru"),
            ("admin@example.org", "Administratoarea Portalului", "admin", None),
        ):
            db.session.add(
                User(email=email, display_name=name, role=role, agency=agency, password_hash=hashed)
            )
        db.session.commit()
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
def editor(app, make_user):
    """An editor's signed-in client (and a reviewer to publish), in the test module's `app`."""
    make_user("editor@example.org", role="editor")
    make_user("reviewer@example.org", role="reviewer")
    client = app.test_client()
    sign_in(client, "editor@example.org")
    return client


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The test corpus as a git repository of its own, committed by a developer (editorial tests)."""
    repo = tmp_path / "content"
    shutil.copytree(CORPUS, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Developer")
    git(repo, "config", "user.email", "dev@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Corpus")
    return repo


@pytest.fixture
def mail_app(make_app) -> Flask:
    """An app over the corpus with a mail server configured; sent messages stay in memory (the outbox)."""
    return make_app(MAIL_SERVER="smtp.example.org", MAIL_DEFAULT_SENDER="portal@example.org")
