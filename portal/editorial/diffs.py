"""Side-by-side diffs of two texts, line by line, with the changed words of changed lines marked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

from markupsafe import Markup, escape

_WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff: `kind` is same, changed, added or removed; sides are escaped HTML."""

    kind: str
    left_number: int | None
    left: Markup
    right_number: int | None
    right: Markup


def side_by_side(old: str | None, new: str | None) -> list[DiffRow]:
    """Compare `old` with `new` line by line; in a changed line, removed words are <del>, added <ins>."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    rows: list[DiffRow] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for offset, line in enumerate(old_lines[i1:i2]):
                rows.append(DiffRow("same", i1 + offset + 1, escape(line), j1 + offset + 1, escape(line)))
            continue
        pairs = zip_longest(range(i1, i2), range(j1, j2))
        for left, right in pairs:
            if left is not None and right is not None:
                marked_left, marked_right = mark_words(old_lines[left], new_lines[right])
                rows.append(DiffRow("changed", left + 1, marked_left, right + 1, marked_right))
            elif left is not None:
                rows.append(DiffRow("removed", left + 1, _wrap("del", old_lines[left]), None, Markup("")))
            else:
                rows.append(DiffRow("added", None, Markup(""), right + 1, _wrap("ins", new_lines[right])))
    return rows


def mark_words(old: str, new: str) -> tuple[Markup, Markup]:
    """Return both lines escaped, the words only in `old` in <del> and those only in `new` in <ins>."""
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        removed, added = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if op == "equal":
            left.append(escape(removed))
            right.append(escape(added))
            continue
        if removed:
            left.append(_wrap("del", removed))
        if added:
            right.append(_wrap("ins", added))
    return Markup("").join(left), Markup("").join(right)


def changed(rows: list[DiffRow]) -> bool:
    """Tell whether a diff holds any change."""
    return any(row.kind != "same" for row in rows)


def _wrap(tag: str, text: str) -> Markup:
    return Markup(f"<{tag}>{escape(text)}</{tag}>") if text else Markup("")  # noqa: S704  # nosec B704 - escaped
