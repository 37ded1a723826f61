"""Configuration order (defaults, instance file, PORTAL_ variables, test mapping) and the secret-key guard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from portal import create_app, require_strong_secret
from portal.config import DEFAULT_SECRET_KEY

ROOT = Path(__file__).resolve().parents[1]


def test_prefixed_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_QUICK_EXIT_URL", "https://example.org/weather")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["QUICK_EXIT_URL"] == "https://example.org/weather"


def test_test_mapping_overrides_environment(monkeypatch):
    monkeypatch.setenv("PORTAL_QUICK_EXIT_URL", "https://example.org/weather")
    app = create_app({"TESTING": True, "QUICK_EXIT_URL": "https://example.org/news"})
    assert app.config["QUICK_EXIT_URL"] == "https://example.org/news"


@pytest.mark.parametrize("secret", [None, "", DEFAULT_SECRET_KEY, "short"])
def test_production_refuses_a_missing_default_or_short_secret(secret):
    app = create_app({"SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        require_strong_secret(app)


def test_wsgi_entry_point_refuses_to_start_without_a_secret(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PORTAL_SQLALCHEMY_DATABASE_URI": "sqlite://", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr


def test_wsgi_entry_point_starts_with_a_strong_secret(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "PORTAL_SQLALCHEMY_DATABASE_URI": "sqlite://",
        "HOME": str(tmp_path),
        "PORTAL_SECRET_KEY": "x" * 40,
    }
    result = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
