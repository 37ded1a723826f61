"""Idempotent inserts that hold under concurrency on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db

_DIALECTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def insert_once(model: type, **values: Any) -> bool:
    """Insert a row unless one with the same unique key exists; tell whether this call inserted it.

    INSERT ... ON CONFLICT DO NOTHING lets the database decide, so two processes racing on the same key
    never fail and never write twice.
    """
    insert = _DIALECTS[db.session.get_bind().dialect.name]
    # RETURNING tells what happened: on PostgreSQL (psycopg 3, SQLAlchemy 2.1) the rowcount of this statement
    # is -1 whether or not a row went in, so counting rows would take every conflict for an insert.
    table = model.__table__
    statement = insert(table).values(**values).on_conflict_do_nothing().returning(*table.primary_key.columns)
    return db.session.execute(statement).first() is not None
