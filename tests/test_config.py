"""Configuration order (defaults, instance file, PORTAL_ variables, test mapping) and the secret-key guard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from portal import create_app, require_strong_secret
from portal.config import DEFAULT_SECRET_KEY

ROOT = Path(__file__).resolve().parents[1]


def test_instance_file_overrides_defaults(tmp_path):
    (tmp_path / "portal.cfg").write_text('QUICK_EXIT_URL = "https://example.org/recipes"\n')
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=tmp_path)
    assert app.config["QUICK_EXIT_URL"] == "https://example.org/recipes"
    assert app.config["SEARCH_INDEX_DIR"] == str(tmp_path / "search-index")


def test_prefixed_environment_overrides_the_instance_file(monkeypatch, tmp_path):
    (tmp_path / "portal.cfg").write_text('QUICK_EXIT_URL = "https://example.org/recipes"\n')
    monkeypatch.setenv("PORTAL_QUICK_EXIT_URL", "https://example.org/weather")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=tmp_path)
    assert app.config["QUICK_EXIT_URL"] == "https://example.org/weather"


def test_instance_folder_comes_from_the_environment_when_not_given(monkeypatch, tmp_path):
    (tmp_path / "portal.cfg").write_text('QUICK_EXIT_URL = "https://example.org/recipes"\n')
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.instance_path == str(tmp_path)
    assert app.config["QUICK_EXIT_URL"] == "https://example.org/recipes"


def test_test_mapping_overrides_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_QUICK_EXIT_URL", "https://example.org/weather")
    app = create_app({"TESTING": True, "QUICK_EXIT_URL": "https://example.org/news"}, instance_path=tmp_path)
    assert app.config["QUICK_EXIT_URL"] == "https://example.org/news"


@pytest.mark.parametrize("secret", [None, "", DEFAULT_SECRET_KEY, "short"])
def test_production_refuses_a_missing_default_or_short_secret(secret, tmp_path):
    app = create_app({"SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=tmp_path)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        require_strong_secret(app)


def _wsgi_environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    """Return a bare environment that imports this checkout and keeps the instance folder in `tmp_path`."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",  # the suite leaves no bytecode in the checkout
        "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"),
        "PORTAL_SQLALCHEMY_DATABASE_URI": "sqlite://",
        **variables,
    }


def _import_wsgi(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


REFUSAL = "Refusing to start: set a strong SECRET_KEY (at least 32 characters, not the default)"


@pytest.mark.parametrize(
    "variables",
    [
        {},  # no key at all
        {"PORTAL_DEBUG": "true"},  # debug used to skip the check
        {"PORTAL_TESTING": "true"},  # so did testing
        {"PORTAL_SECRET_KEY": DEFAULT_SECRET_KEY, "PORTAL_DEBUG": "true", "PORTAL_TESTING": "true"},
        {"PORTAL_SECRET_KEY": "short-key", "PORTAL_TESTING": "true"},
        {"PORTAL_SECRET_KEY": " " * 40, "PORTAL_DEBUG": "true"},  # blanks are no key
    ],
    ids=["missing", "missing-debug", "missing-testing", "default-debug-testing", "short-testing", "blank"],
)
def test_wsgi_entry_point_refuses_a_weak_secret_whatever_else_is_set(variables, tmp_path):
    env = _wsgi_environment(tmp_path, PORTAL_CONTENT_DIR=str(ROOT / "tests" / "corpus"), **variables)
    result = _import_wsgi(env, tmp_path)
    assert result.returncode != 0
    assert REFUSAL in result.stderr


def test_wsgi_entry_point_starts_in_debug_with_a_strong_secret(tmp_path):
    corpus = str(ROOT / "tests" / "corpus")
    key = "d" * 40
    env = _wsgi_environment(tmp_path, PORTAL_CONTENT_DIR=corpus, PORTAL_SECRET_KEY=key, PORTAL_DEBUG="true")
    result = _import_wsgi(env, tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("flag", ["DEBUG", "TESTING"])
def test_the_guard_holds_in_debug_and_testing(flag, tmp_path):
    config = {flag: True, "SECRET_KEY": DEFAULT_SECRET_KEY, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    app = create_app(config, instance_path=tmp_path)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        require_strong_secret(app)


def test_wsgi_entry_point_starts_with_a_strong_secret(tmp_path):
    env = _wsgi_environment(tmp_path, PORTAL_SECRET_KEY="x" * 40)
    result = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_wsgi_entry_point_takes_the_secret_from_the_instance_file(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "portal.cfg").write_text(f"SECRET_KEY = {'y' * 64!r}\n")  # as `make serve` writes it
    result = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=tmp_path,
        env=_wsgi_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
