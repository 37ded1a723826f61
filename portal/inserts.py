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
    result = db.session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)
