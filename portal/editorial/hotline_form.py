"""The help lines (content/hotlines.yml) as a form: one block per line, its names in every language.

Editors never see YAML: `blocks_of` turns the lines into blocks, `read_blocks` reads them back from what was
posted (every typed value kept, problems keyed by field name), `compose` writes the data file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.content.data import Hotline
from portal.content.model import SOURCE_LANGUAGE
from portal.editorial.form_rows import (
    date_problem,
    dialled_problem,
    id_problem,
    number_problem,
    read_rows,
    read_texts,
    split_list,
    texts_of,
    yaml_file,
)

PATH = "hotlines.yml"
MAX_LINES = 40
TEXTS = ("name", "short", "hours")  # the fields written in every language
HEADER = (
    "# Help lines shown on every public page."
    " Numbers exactly as in shared/facts/domain-facts.md, section 3.\n"
    "# `bar: true` puts the line, with its `short` name, in the always-visible strip at the top of public"
    " pages.\n"
    "# Edited through the portal's help-lines form.\n"
)


@dataclass
class LineBlock:
    """One help line of the form, as typed."""

    id: str = ""
    number: str = ""
    tel: str = ""
    abroad: str = ""
    operator: str = ""
    bar: bool = False
    verified: str = ""
    sources: str = ""  # comma-separated
    texts: dict[str, dict[str, str]] = field(default_factory=lambda: {name: {} for name in TEXTS})

    @property
    def empty(self) -> bool:
        """Tell whether nothing was typed (a line left out, or removed)."""
        typed = any(value for texts in self.texts.values() for value in texts.values())
        return not (self.id or self.number or self.tel or typed)


def blocks_of(lines: tuple[Hotline, ...]) -> list[LineBlock]:
    """Return the form's blocks for the help lines, and one empty block to add a line."""
    blocks = [
        LineBlock(
            id=line.id,
            number=line.number,
            tel=line.tel,
            abroad=line.abroad or "",
            operator=line.operator or "",
            bar=line.bar,
            verified=line.verified.isoformat() if line.verified else "",
            sources=", ".join(line.sources),
            texts={name: dict(getattr(line, name) or {}) for name in TEXTS},
        )
        for line in lines
    ]
    return padded(blocks)


def padded(blocks: list[LineBlock]) -> list[LineBlock]:
    """Add one empty block at the end, to add a line."""
    if len(blocks) < MAX_LINES and (not blocks or not blocks[-1].empty):
        blocks = [*blocks, LineBlock()]
    return blocks


def _block(value) -> LineBlock:
    """Make one row's block from its fields, as typed."""
    return LineBlock(
        id=value("id"),
        number=value("number"),
        tel=value("tel"),
        abroad=value("abroad"),
        operator=value("operator"),
        bar=value("bar") == "y",
        verified=value("verified"),
        sources=value("sources"),
        texts=read_texts(value, TEXTS),
    )


def read_blocks(form: Mapping[str, str]) -> tuple[list[LineBlock], dict[str, str]]:
    """Read the posted help lines; return them as typed and the problems, keyed by field name."""
    blocks, problems, seen = read_rows(form, "lines", MAX_LINES, "h", _block, _problems)
    if not any(not b.empty for b in blocks):
        problems["lines"] = str(_l("Keep at least one help line."))
    return blocks, problems


def compose(blocks: list[LineBlock]) -> str:
    """Write hotlines.yml from valid blocks (empty ones left out), in the order of the form."""
    lines = []
    for block in (b for b in blocks if not b.empty):
        entry: dict = {"id": block.id}
        if any(block.texts["short"].values()):
            entry["short"] = texts_of(block.texts["short"])
        entry |= {"number": block.number, "tel": block.tel}
        if block.abroad:
            entry["abroad"] = block.abroad
        if block.bar:
            entry["bar"] = True
        entry["name"] = texts_of(block.texts["name"])
        if block.operator:
            entry["operator"] = block.operator
        if any(block.texts["hours"].values()):
            entry["hours"] = texts_of(block.texts["hours"])
        if block.verified:
            entry["verified"] = date.fromisoformat(block.verified)
        if block.sources:
            entry["sources"] = split_list(block.sources)
        lines.append(entry)
    return yaml_file(HEADER, {"hotlines": lines})


def _problems(block: LineBlock, prefix: str, seen: set[str]) -> dict[str, str]:
    found = {
        prefix + "id": id_problem(
            block.id,
            seen,
            str(_l("Use lowercase letters, digits and hyphens, such as trust-line.")),
            str(_l("Another help line already has this name.")),
        ),
        prefix + "number": number_problem(block.number),
        prefix + "tel": dialled_problem(block.number, block.tel),
        prefix + "abroad": number_problem(block.abroad) if block.abroad else None,
        prefix + "verified": date_problem(block.verified),
    }
    if not block.texts["name"].get(SOURCE_LANGUAGE):
        found[f"{prefix}name-{SOURCE_LANGUAGE}"] = str(_l("Give the line's name in Romanian."))
    if block.bar and not block.texts["short"].get(SOURCE_LANGUAGE):
        found[f"{prefix}short-{SOURCE_LANGUAGE}"] = str(
            _l("A line shown at the top of every page needs a short name in Romanian.")
        )
    return {name: message for name, message in found.items() if message}
