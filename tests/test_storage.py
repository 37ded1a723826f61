"""Storage: migrations build the schema the models declare, on SQLite and PostgreSQL; SQLite pragmas hold."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db


def test_migrations_match_the_models(database_url, tmp_path):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "s" * 40},
        instance_path=tmp_path / "instance",
    )
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(directory=app.extensions["migrate"].directory)
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_sqlite_uses_wal_and_enforces_foreign_keys(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
            "SECRET_KEY": "s" * 40,
        },
        instance_path=tmp_path / "instance",
    )
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_failed_import_leaves_no_half_saved_record(app):
    import pytest
    from sqlalchemy import func, select

    from portal.accounts import operations as accounts
    from portal.accounts.models import User

    rows = (
        "email,display_name,role,agency,language\na@example.org,A,specialist,,ro\nb@example.org,B,nope,,ro\n"
    )
    with app.test_request_context():
        with pytest.raises(accounts.AccountError):
            accounts.import_users(accounts.SYSTEM, rows, [])
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
