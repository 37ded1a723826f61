"""The command-line tools, run through Flask's CLI runner: hashes, the search index, setup, accounts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sqlalchemy import inspect, select, text

from portal import create_app
from portal.accounts.models import User
from portal.extensions import db

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ORDER = "tests/corpus/materials/protection-order.ro.md"
LINK = re.compile(r"http://127\.0\.0\.1:5000/(ro|ru|uk|en)/set-password/([A-Za-z0-9_-]{20,})")


def users(app) -> list[tuple[str, str, str | None, bool]]:
    with app.app_context():
        return [
            (u.email, u.role, u.agency, u.password_hash is None)
            for u in db.session.scalars(select(User).order_by(User.email))
        ]


# --- content hash -------------------------------------------------------------------------------------------


def test_content_hash_prints_what_the_translations_record(app, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = app.test_cli_runner().invoke(args=["content", "hash", ORDER])
    assert result.exit_code == 0, result.output
    # the Russian and English translations of this page record 093f8d013d34 as their source_hash
    assert result.output == f"093f8d013d34  {ORDER}\n"


def test_content_hash_follows_the_body_not_the_front_matter(app, tmp_path):
    page = (ROOT / ORDER).read_text(encoding="utf-8")
    (tmp_path / "reviewed.ro.md").write_text(page.replace("2026-11-20", "2026-12-01"), encoding="utf-8")
    (tmp_path / "edited.ro.md").write_text(page + "\nO frază nouă.\n", encoding="utf-8")
    runner = app.test_cli_runner()
    hashes = [
        runner.invoke(args=["content", "hash", str(tmp_path / name)]).output.split()[0]
        for name in ("reviewed.ro.md", "edited.ro.md")
    ]
    assert hashes[0] == "093f8d013d34" and hashes[1] != "093f8d013d34"


def test_content_hash_refuses_a_missing_file(app):
    result = app.test_cli_runner().invoke(args=["content", "hash", "no/such/file.ro.md"])
    assert result.exit_code == 2 and "does not exist" in result.output


# --- search -------------------------------------------------------------------------------------------------


def test_search_build_makes_search_work(make_app, tmp_path):
    app = make_app(SEARCH_INDEX_DIR=str(tmp_path / "index"), SEARCH_BUILD_ON_START=False)
    client = app.test_client()
    assert client.get("/ro/search?q=politia").status_code == 503
    result = app.test_cli_runner().invoke(args=["search", "build"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"search index built: {tmp_path / 'index'}")
    response = client.get("/ro/search?q=politia")
    assert response.status_code == 200
    assert 'href="/ro/materials/protection-order#cine-o-poate-cere"' in response.get_data(as_text=True)


def test_search_update_reindexes_only_the_changed_page(make_app, tmp_path):
    content, index = tmp_path / "content", str(tmp_path / "index")
    shutil.copytree(TESTS / "corpus", content)
    make_app(CONTENT_DIR=str(content), SEARCH_INDEX_DIR=index)  # builds the index at start
    page = content / "materials" / "protection-order.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new word: lighthouse.\n", encoding="utf-8")
    app = make_app(CONTENT_DIR=str(content), SEARCH_INDEX_DIR=index)  # the next start reads the change
    runner = app.test_cli_runner()
    first = runner.invoke(args=["search", "update"])
    assert (first.exit_code, first.output) == (0, "updated 1 items\n  materials/protection-order@en\n")
    assert runner.invoke(args=["search", "update"]).output == "updated 0 items\n"
    found = app.test_client().get("/en/search.json?q=lighthouse").get_json()
    assert [hit["url"].split("#")[0] for hit in found["hits"]] == ["/en/materials/protection-order"]


# --- setup --------------------------------------------------------------------------------------------------


def test_setup_creates_the_schema_and_the_index_and_can_run_again(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "s" * 40,
            "CONTENT_DIR": str(TESTS / "corpus"),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "SEARCH_BUILD_ON_START": False,
            "RENDER_CACHE_DIR": str(tmp_path / "render-cache"),
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():  # an empty database, as on a fresh machine
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    runner = app.test_cli_runner()

    def setup():
        with app.app_context():  # `flask` pushes one for every command; the test runner does not
            return runner.invoke(args=["setup"])

    first = setup()
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[0] == "database is up to date"
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {table.name for table in db.metadata.sorted_tables} | {"alembic_version"} <= tables
    assert app.test_client().get("/ro/search?q=politia").status_code == 200
    again = setup()
    assert (again.exit_code, again.stdout.splitlines()) == (
        0,
        ["database is up to date", "search index is up to date (0 items re-indexed)"],
    )
    with app.app_context():  # leave the shared PostgreSQL database as the other tests expect it
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


# --- accounts -----------------------------------------------------------------------------------------------


def test_users_create_prints_a_link_that_sets_the_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "Maria@Example.org", "--name", "Maria", "--role", "supervisor"]
        + ["--agency", "centru"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created maria@example.org (supervisor); set-password link: ")
    lang, token = LINK.search(result.output).groups()
    assert lang == "ro"
    assert users(app) == [("maria@example.org", "supervisor", "centru", True)]
    assert app.test_client().get(f"/ro/set-password/{token}").status_code == 200


def test_users_create_refuses_bad_input_and_creates_nothing(app):
    runner = app.test_cli_runner()
    base = ["users", "create", "--email", "maria@example.org", "--name", "Maria"]
    unknown_agency = runner.invoke(args=[*base, "--agency", "atlantis"])
    assert (
        unknown_agency.exit_code == 2 and "agency: Choose an agency from the list." in unknown_agency.output
    )
    unknown_role = runner.invoke(args=[*base, "--role", "owner"])
    assert unknown_role.exit_code == 2 and "'owner' is not one of" in unknown_role.output
    assert users(app) == []
    assert runner.invoke(args=base).exit_code == 0
    twice = runner.invoke(args=base)
    assert twice.exit_code == 2 and "An account with this email address already exists." in twice.output
    assert users(app) == [("maria@example.org", "specialist", None, True)]


def test_users_import_creates_every_account_or_none(app, tmp_path):
    rows = "email,display_name,role,agency,language\na@example.org,A,specialist,centru,ro\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(rows + "not-an-address,B,specialist,,ru\n", encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["users", "import", str(bad)])
    assert refused.exit_code == 2 and "Line 3: Enter a valid email address." in refused.output
    assert users(app) == []
    good = tmp_path / "good.csv"
    good.write_text("\ufeff" + rows + "b@example.org,B,psychologist,,ru\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(good)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(",")[0] for line in lines] == ["a@example.org", "b@example.org"]
    assert [LINK.search(line).group(1) for line in lines] == ["ro", "ru"]
    assert users(app) == [
        ("a@example.org", "specialist", "centru", True),
        ("b@example.org", "psychologist", None, True),
    ]
