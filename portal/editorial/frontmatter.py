"""A content file's text as form values and back: front matter fields, the body, unknown keys kept."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from portal.content.hashing import body_of
from portal.content.parse import read_front_matter

# The fields the edit form shows, in the order a composed file writes them; other keys keep their place after.
FORM_FIELDS = ("title", "summary", "status", "audience", "reviewed", "order", "articles", "competencies")
LIST_FIELDS = ("sources", "unverified")
ORDER = (*FORM_FIELDS, *LIST_FIELDS)
_INT = re.compile(r"-?\d{1,6}\Z")


def split(text: str) -> tuple[dict[str, Any], str]:
    """Return a file's front matter (empty when it cannot be read) and its body."""
    meta, problem = read_front_matter(text)
    return ({} if problem else meta), (body_of(text) if not problem else text).lstrip("\n")


def to_values(meta: dict[str, Any]) -> dict[str, Any]:
    """Return the form's values for a front matter: texts, one list item a line, competencies as a list."""
    values: dict[str, Any] = {}
    for name in ("title", "summary", "status", "audience"):
        values[name] = str(meta.get(name, "") or "")
    reviewed = meta.get("reviewed")
    values["reviewed"] = reviewed.isoformat() if isinstance(reviewed, date) else str(reviewed or "")
    values["order"] = "" if meta.get("order") is None else str(meta["order"])
    articles = meta.get("articles") or []
    values["articles"] = ", ".join(str(a) for a in articles) if isinstance(articles, list) else str(articles)
    competencies = meta.get("competencies") or []
    values["competencies"] = [str(c) for c in competencies] if isinstance(competencies, list) else []
    for name in LIST_FIELDS:
        items = meta.get(name) or []
        values[name] = "\n".join(str(i) for i in items) if isinstance(items, list) else str(items)
    return values


def from_values(values: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """Return the front matter the form's values describe; keys the form does not show stay as they were.

    A value that cannot be read as its type (a date, a number) is kept as typed, so the schema check names it.
    """
    meta: dict[str, Any] = {}
    for name in ("title", "summary", "status", "audience"):
        meta[name] = (values.get(name) or "").strip()
    meta["reviewed"] = _date((values.get("reviewed") or "").strip())
    order = (values.get("order") or "").strip()
    meta["order"] = int(order) if _INT.match(order) else order
    articles = [a.strip() for a in re.split(r"[,\s]+", values.get("articles") or "") if a.strip()]
    meta["articles"] = [int(a) if _INT.match(a) else a for a in articles]
    meta["competencies"] = [c for c in values.get("competencies") or [] if c]
    for name in LIST_FIELDS:
        meta[name] = [line.strip() for line in (values.get(name) or "").splitlines() if line.strip()]
    shown = {k: v for k, v in meta.items() if v not in ("", [], None)}
    kept = {k: v for k, v in original.items() if k not in ORDER}
    return {**{k: shown[k] for k in ORDER if k in shown}, **kept}


def compose(meta: dict[str, Any], body: str, original: str = "") -> str:
    """Return the file's text: the front matter as YAML between --- lines, a blank line, the body.

    Given the text the draft was made from, every field whose value did not change keeps its lines as they
    were written (quotes, list style, order), so the reviewer's diff and git's show only what was changed.
    """
    front = _rewrite(meta, original) if original else None
    if front is None:
        front = yaml.dump(
            meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
        )
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return f"---\n{front}---\n\n{body}\n".replace("\x00", "")  # no NUL: neither files nor PostgreSQL hold it


def _rewrite(meta: dict[str, Any], original: str) -> str | None:
    """Return the original front matter with only the changed fields written anew, or None if unreadable."""
    before, _ = split(original)
    segments = _segments(original)
    if not before or segments is None:
        return None
    out: list[str] = []
    for key, text in segments:
        if key is None or (key in meta and meta[key] == before.get(key)):
            out.append(text)
        elif key in meta:
            out.append(_dump_one(key, meta[key]))
        elif before.get(key) in ("", [], None):
            out.append(text)  # an empty field the form leaves out means the same as before
    written = {key for key, _ in segments}
    out.extend(_dump_one(key, value) for key, value in meta.items() if key not in written)
    return "".join(out)


def _segments(text: str) -> list[tuple[str | None, str]] | None:
    """Split a file's front matter into (key, its lines); None when it is not one block of top-level keys."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    segments: list[tuple[str | None, str]] = []
    for line in lines[1:]:
        if line.rstrip() == "---":
            keys = [key for key, _ in segments if key]
            return segments if len(keys) == len(set(keys)) else None
        match = re.match(r"([A-Za-z_][\w-]*):", line)
        if match:
            segments.append((match[1], line))
        elif segments:
            key, lines_so_far = segments[-1]
            segments[-1] = (key, lines_so_far + line)
        else:
            segments.append((None, line))  # a comment before the first key
    return None


def _dump_one(key: str, value: Any) -> str:
    return yaml.dump(
        {key: value},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10**6,
    )


def field_at(text: str, line: int) -> str | None:
    """Return the front-matter key written on `line` of `text`, or None when the line is not a key's."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)), 1, -1):
        current = lines[number - 1]
        if current.startswith("---"):
            return None
        match = re.match(r"([A-Za-z_][\w-]*):", current)
        if match:
            return match[1]
    return None


def body_line(text: str, line: int) -> int | None:
    """Return the line of the body (1 = its first line) that is line `line` of the file, or None."""
    body = body_of(text)
    start = text[: len(text) - len(body)].count("\n") + 1
    lead = len(body) - len(body.lstrip("\n"))
    first = start + lead
    return line - first + 1 if line >= first else None


class _Dumper(yaml.SafeDumper):
    """Block mappings, and lists of plain values on one line ([53, 12]) as content files write them."""


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    flat = all(not isinstance(v, (list, dict)) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


_Dumper.add_representer(list, _list)


def _date(value: str) -> date | str:
    try:
        return date.fromisoformat(value) if re.match(r"\d{4}-\d{2}-\d{2}\Z", value) else value
    except ValueError:
        return value
