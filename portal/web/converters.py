"""URL converters every route shares: `<int:...>` only matches numbers a database column can hold."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

DATABASE_INT_MAX = 2**31 - 1  # an INTEGER column on PostgreSQL (SQLite holds 2**63 - 1)


class DatabaseIntConverter(IntegerConverter):
    """An `int` that is a 404 past an INTEGER column's range, instead of a database error (a 500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=DATABASE_INT_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        # ASCII digits only, and never so many that int() refuses them (5,000 digits: a ValueError)
        self.regex = r"-?[0-9]{1,10}" if signed else r"[0-9]{1,10}"


def init_app(app: Flask) -> None:
    """Make `<int:...>` in every route the bounded converter."""
    app.url_map.converters["int"] = DatabaseIntConverter
