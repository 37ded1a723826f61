"""The declared front-matter schema and its validation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.content.model import AUDIENCES, STATUSES

_COMPETENCY_ID = re.compile(r"^[a-z]+\.[a-z0-9-]+$")
_HASH = re.compile(r"^[0-9a-f]{12}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    """One allowed front-matter field."""

    name: str
    check: Callable[[Any], str | None]  # returns an error message, or None when the value is fine
    required: bool = False


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty text"


def _one_of(options: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in options else f"must be one of: {', '.join(options)}"

    return check


def _date(value: Any) -> str | None:
    return None if isinstance(value, date) else "must be a date written as YYYY-MM-DD"


def _int_range(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"must be a whole number from {low} to {high}"

    return check


def _articles(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, int) and 1 <= v <= 81 for v in value)
    return None if ok else "must be a list of Convention article numbers (1-81)"


def _competency_ids(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, str) and _COMPETENCY_ID.match(v) for v in value)
    return None if ok else "must be a list of competency ids such as law.protection-orders"


def _hotline_ids(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, str) and _SLUG.match(v) for v in value)
    return None if ok else "must be a list of help-line ids from hotlines.yml, such as trust-line"


def _texts(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    return None if ok else "must be a list of texts"


def _sources(value: Any) -> str | None:
    return _texts(value) or (None if value else "must name at least one source")


def _hash(value: Any) -> str | None:
    return None if isinstance(value, str) and _HASH.match(value) else "must be 12 hex digits"


def _outcomes(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of {competency, level, text}"
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != {"competency", "level", "text"}:
            return "each outcome needs exactly competency, level and text"
        if _competency_ids([entry["competency"]]) or _int_range(1, 4)(entry["level"]) or _text(entry["text"]):
            return "each outcome needs a competency id, a level from 1 to 4 and a text"
    return None


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("title", _text, required=True),
        Field("status", _one_of(STATUSES), required=True),
        Field("audience", _one_of(AUDIENCES), required=True),
        Field("reviewed", _date, required=True),
        Field("sources", _sources, required=True),
        Field("summary", _text),
        Field("order", _int_range(0, 999)),
        Field("priority", _int_range(1, 999)),
        Field("type", _one_of(("lesson", "case"))),
        Field("articles", _articles),
        Field("competencies", _competency_ids),
        Field("hotlines", _hotline_ids),
        Field("unverified", _texts),
        Field("source_hash", _hash),
        Field("duration_minutes", _int_range(1, 6000)),
        Field("pass_mark", _int_range(1, 100)),
        Field("outcomes", _outcomes),
    )
}


def validate(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (field, message) for every way `meta` breaks the schema."""
    problems = [(name, f"unknown field '{name}'") for name in meta if name not in FIELDS]
    for name, spec in FIELDS.items():
        if name not in meta:
            if spec.required:
                problems.append((name, f"missing required field '{name}'"))
            continue
        message = spec.check(meta[name])
        if message:
            problems.append((name, f"'{name}' {message}"))
    return problems
