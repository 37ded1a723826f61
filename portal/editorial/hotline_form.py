"""The help lines (content/hotlines.yml) as a form: one block per line, its names in every language.

Editors never see YAML: `blocks_of` turns the lines into blocks, `read_blocks` reads them back from what was
posted (every typed value kept, problems keyed by field name), `compose` writes the data file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import yaml
from flask_babel import lazy_gettext as _l

from portal.content.data import Hotline
from portal.content.model import LANGUAGES, SOURCE_LANGUAGE

PATH = "hotlines.yml"
MAX_LINES = 40
TEXTS = ("name", "short", "hours")  # the fields written in every language
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_TEL = re.compile(r"\+?[0-9]{3,15}\Z")  # what the phone dials: digits only, an optional leading +
_NUMBER = re.compile(r"\+?[0-9(][0-9 ()]{1,24}\Z")  # as printed: digits in groups, an area code in ()
HEADER = (
    "# Help lines shown on every public page."
    " Numbers exactly as in shared/facts/domain-facts.md, section 3.\n"
    "# `bar: true` puts the line, with its `short` name, in the always-visible strip at the top of public"
    " pages.\n"
    "# Edited through the portal's help-lines form.\n"
)
LIMIT = 300


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


def read_blocks(form: Mapping[str, str]) -> tuple[list[LineBlock], dict[str, str]]:
    """Read the posted help lines; return them as typed and the problems, keyed by field name."""
    try:
        count = max(min(int(form.get("lines", "0")), MAX_LINES), 0)
    except ValueError:
        count = 0
    blocks, problems, seen = [], {}, set()
    for index in range(count):
        prefix = f"h{index}-"

        def value(name: str, prefix: str = prefix) -> str:
            return str(form.get(prefix + name) or "").strip()[:LIMIT]

        block = LineBlock(
            id=value("id"),
            number=value("number"),
            tel=value("tel"),
            abroad=value("abroad"),
            operator=value("operator"),
            bar=form.get(prefix + "bar") == "y",
            verified=value("verified"),
            sources=value("sources"),
            texts={name: {lang: value(f"{name}-{lang}") for lang in LANGUAGES} for name in TEXTS},
        )
        blocks.append(block)
        if block.empty:
            continue
        problems.update(_problems(block, prefix, seen))
        seen.add(block.id)
    if not any(not b.empty for b in blocks):
        problems["lines"] = str(_l("Keep at least one help line."))
    return blocks, problems


def compose(blocks: list[LineBlock]) -> str:
    """Write hotlines.yml from valid blocks (empty ones left out), in the order of the form."""
    lines = []
    for block in (b for b in blocks if not b.empty):
        entry: dict = {"id": block.id}
        if any(block.texts["short"].values()):
            entry["short"] = _texts(block.texts["short"])
        entry |= {"number": block.number, "tel": block.tel}
        if block.abroad:
            entry["abroad"] = block.abroad
        if block.bar:
            entry["bar"] = True
        entry["name"] = _texts(block.texts["name"])
        if block.operator:
            entry["operator"] = block.operator
        if any(block.texts["hours"].values()):
            entry["hours"] = _texts(block.texts["hours"])
        if block.verified:
            entry["verified"] = date.fromisoformat(block.verified)
        if block.sources:
            entry["sources"] = [s.strip() for s in block.sources.split(",") if s.strip()]
        lines.append(entry)
    body = yaml.safe_dump({"hotlines": lines}, allow_unicode=True, sort_keys=False, width=10_000)
    return HEADER + body


def _texts(texts: dict[str, str]) -> dict[str, str]:
    return {lang: texts[lang] for lang in LANGUAGES if texts.get(lang)}


def _problems(block: LineBlock, prefix: str, seen: set[str]) -> dict[str, str]:
    problems = {}
    if not _ID.match(block.id):
        problems[prefix + "id"] = str(_l("Use lowercase letters, digits and hyphens, such as trust-line."))
    elif block.id in seen:
        problems[prefix + "id"] = str(_l("Another help line already has this name."))
    if not _NUMBER.match(block.number):
        problems[prefix + "number"] = str(_l("Write the number as people dial it, such as 0 8008 8008."))
    if not _TEL.match(block.tel):
        problems[prefix + "tel"] = str(_l("Only digits, with + at the start for an international number."))
    elif _NUMBER.match(block.number) and not block.tel.endswith(re.sub(r"[^0-9]", "", block.number)):
        problems[prefix + "tel"] = str(_l("The number dialled differs from the number shown."))
    if block.abroad and not _NUMBER.match(block.abroad):
        problems[prefix + "abroad"] = str(_l("Write the number as people dial it, such as 0 8008 8008."))
    if not block.texts["name"].get(SOURCE_LANGUAGE):
        problems[f"{prefix}name-{SOURCE_LANGUAGE}"] = str(_l("Give the line's name in Romanian."))
    if block.bar and not block.texts["short"].get(SOURCE_LANGUAGE):
        problems[f"{prefix}short-{SOURCE_LANGUAGE}"] = str(
            _l("A line shown at the top of every page needs a short name in Romanian.")
        )
    if block.verified:
        try:
            date.fromisoformat(block.verified)
        except ValueError:
            problems[prefix + "verified"] = str(_l("Write the date as YYYY-MM-DD, such as 2026-11-22."))
    return problems
