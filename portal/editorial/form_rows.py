"""What the data-file forms share: rows posted as `<prefix><index>-<field>`, texts in every language, checks.

Each data file's form module (hotline_form, service_form, agency_form, matrix_form) reads its rows with
`row_count` and `reader`, checks them with the checks here and writes its file with `texts_of`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

import yaml
from flask_babel import lazy_gettext as _l

from portal.content.model import LANGUAGES

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
TEL = re.compile(r"\+?[0-9]{3,15}\Z")  # what a phone dials: digits only, an optional leading +
NUMBER = re.compile(r"\+?[0-9(][0-9 ()]{1,24}\Z")  # as printed: digits in groups, an area code in ()
LIMIT = 300  # a one-line field
LONG_LIMIT = 3000  # a description


def row_count(form: Mapping[str, str], name: str, most: int) -> int:
    """Return how many rows the form says it posted, between 0 and `most`."""
    try:
        return max(min(int(str(form.get(name, "0"))[:6]), most), 0)
    except ValueError:
        return 0


def reader(form: Mapping[str, str], prefix: str) -> Callable[..., str]:
    """Return a function reading one field of the row `prefix`: trimmed, NUL-free, cut at a length."""

    def value(name: str, limit: int = LIMIT) -> str:
        text = str(form.get(prefix + name) or "").replace("\x00", "").replace("\r\n", "\n")
        return text.strip()[:limit]

    return value


def read_rows(
    form: Mapping[str, str],
    count: str,
    most: int,
    letter: str,
    build: Callable[[Callable[..., str]], Any],
    check: Callable[[Any, str, set[str]], dict[str, str]],
) -> tuple[list, dict[str, str], set[str]]:
    """Read the rows `<letter><index>-…` the form says it posted (field `count`, at most `most`).

    `build` makes a row's block from its field reader; `check` returns the problems of a row that is not
    empty, given the ids of the rows before it. Return the blocks as typed, the problems by field name and the
    ids of the non-empty rows.
    """
    blocks, problems, seen = [], {}, set()
    for index in range(row_count(form, count, most)):
        prefix = f"{letter}{index}-"
        block = build(reader(form, prefix))
        blocks.append(block)
        if not block.empty:
            problems.update(check(block, prefix, seen))
            seen.add(block.id)
    return blocks, problems, seen


def yaml_file(header: str, data: dict) -> str:
    """Write a data file: its comment header, then the data as block YAML, one line per value."""
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def read_texts(
    value: Callable[..., str], names: Iterable[str], limit: int = LIMIT
) -> dict[str, dict[str, str]]:
    """Read the fields `<name>-<lang>` of a row: every language of each text."""
    return {name: {lang: value(f"{name}-{lang}", limit) for lang in LANGUAGES} for name in names}


def texts_of(texts: dict[str, str]) -> dict[str, str]:
    """Return the languages typed, in the site's order (for the YAML)."""
    return {lang: texts[lang] for lang in LANGUAGES if texts.get(lang)}


def split_list(text: str, separator: str = ",") -> list[str]:
    """Return the non-empty entries of a list typed with separators."""
    return [part.strip() for part in text.split(separator) if part.strip()]


def id_problem(value: str, seen: set[str], bad: str, taken: str) -> str | None:
    """Return `bad` for an id that is not a slug, `taken` for one another row has, else None."""
    if not ID.match(value):
        return bad
    if value in seen:
        return taken
    return None


def date_problem(value: str) -> str | None:
    """Explain a date that is not YYYY-MM-DD, else None (an empty date is fine)."""
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            return str(_l("Write the date as YYYY-MM-DD, such as 2026-11-22."))
    return None


def number_problem(value: str) -> str | None:
    """Explain a phone number not written as people dial it, else None."""
    if not NUMBER.match(value):
        return str(_l("Write the number as people dial it, such as 0 8008 8008."))
    return None


def dialled_problem(number: str, tel: str) -> str | None:
    """Explain a dialled number that is not digits or differs from the number shown, else None."""
    if not TEL.match(tel):
        return str(_l("Only digits, with + at the start for an international number."))
    if NUMBER.match(number) and not tel.endswith(re.sub(r"[^0-9]", "", number)):
        return str(_l("The number dialled differs from the number shown."))
    return None
