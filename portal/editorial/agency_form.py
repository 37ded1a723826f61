"""The social assistance agencies (content/agencies.yml) as a form: a block per agency, names in 4 languages.

Editors never see YAML: `blocks_of` turns the agencies into blocks, `read_blocks` reads them back from what
was posted (every typed value kept, problems keyed by field name), `compose` writes the data file. An agency
that accounts belong to keeps its id: removing or renaming it is refused next to its block.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.content.model import SOURCE_LANGUAGE
from portal.editorial.form_rows import (
    LONG_LIMIT,
    date_problem,
    id_problem,
    read_rows,
    read_texts,
    split_list,
    texts_of,
    yaml_file,
)

PATH = "agencies.yml"
MAX_AGENCIES = 100
TEXTS = ("name",)  # the fields written in every language
HEADER = (
    "# Territorial social assistance agencies (ATAS, RESTART reform: 10 agencies approved on 6 December 2023"
    " under the\n"
    "# Ministry of Labour and Social Protection), plus the social assistance structures of Chișinău and UTA"
    " Găgăuzia.\n"
    "# Only what the fact sheet confirms is filled in; the rest is marked `to_complete` for an editor."
    " Never invent.\n"
    "# Edited through the portal's agencies form.\n"
)


@dataclass
class AgencyBlock:
    """One agency of the form, as typed."""

    id: str = ""
    was: str = ""  # the id the agency had when the form was opened (empty for a new one)
    seat: str = ""
    districts: str = ""  # comma-separated
    verified: str = ""
    to_complete: str = ""
    texts: dict[str, dict[str, str]] = field(default_factory=lambda: {name: {} for name in TEXTS})

    @property
    def empty(self) -> bool:
        """Tell whether nothing was typed (an agency left out, or removed)."""
        typed = any(value for texts in self.texts.values() for value in texts.values())
        return not (self.id or self.seat or self.districts or self.to_complete or typed)


def blocks_of(agencies: Iterable[Mapping[str, Any]]) -> list[AgencyBlock]:
    """Return the form's blocks for the agencies, and one empty block to add an agency."""
    blocks = [
        AgencyBlock(
            id=str(agency.get("id", "")),
            was=str(agency.get("id", "")),
            seat=str(agency.get("seat") or ""),
            districts=", ".join(str(d) for d in agency.get("districts") or ()),
            verified=agency["verified"].isoformat()
            if isinstance(agency.get("verified"), date)
            else str(agency.get("verified") or ""),
            to_complete=str(agency.get("to_complete") or ""),
            texts={
                name: {str(k): str(v) for k, v in (agency.get(name) or {}).items()}
                if isinstance(agency.get(name), Mapping)
                else {}
                for name in TEXTS
            },
        )
        for agency in agencies
        if isinstance(agency, Mapping)
    ]
    return padded(blocks)


def padded(blocks: list[AgencyBlock]) -> list[AgencyBlock]:
    """Add one empty block at the end, to add an agency."""
    if len(blocks) < MAX_AGENCIES and (not blocks or not blocks[-1].empty):
        blocks = [*blocks, AgencyBlock()]
    return blocks


def _block(value) -> AgencyBlock:
    """Make one row's block from its fields, as typed."""
    return AgencyBlock(
        id=value("id"),
        was=value("was"),
        seat=value("seat"),
        districts=value("districts"),
        verified=value("verified"),
        to_complete=value("to_complete", LONG_LIMIT),
        texts=read_texts(value, TEXTS),
    )


def read_blocks(form: Mapping[str, str], in_use: Collection[str]) -> tuple[list[AgencyBlock], dict[str, str]]:
    """Read the posted agencies; return them as typed and the problems, keyed by field name.

    `in_use` holds the agency ids accounts belong to: such an agency may not be removed or renamed.
    """
    blocks, problems, seen = read_rows(form, "agencies", MAX_AGENCIES, "a", _block, _problems)
    for agency_id in sorted(set(in_use) - seen):
        where = next((i for i, b in enumerate(blocks) if b.was == agency_id), None)
        message = str(
            _l(
                "Accounts belong to the agency %(id)s: it cannot be removed or renamed until they are moved.",
                id=agency_id,
            )
        )
        problems.setdefault("agencies" if where is None else f"a{where}-id", message)
    if not any(not b.empty for b in blocks):
        problems["agencies"] = str(_l("Keep at least one agency."))
    return blocks, problems


def compose(blocks: list[AgencyBlock]) -> str:
    """Write agencies.yml from valid blocks (empty ones left out), in the order of the form."""
    agencies = []
    for block in (b for b in blocks if not b.empty):
        entry: dict = {"id": block.id, "name": texts_of(block.texts["name"])}
        if block.seat:
            entry["seat"] = block.seat
        if block.districts:
            entry["districts"] = split_list(block.districts)
        if block.to_complete:
            entry["to_complete"] = block.to_complete
        if block.verified:
            entry["verified"] = date.fromisoformat(block.verified)
        agencies.append(entry)
    return yaml_file(HEADER, {"agencies": agencies})


def _problems(block: AgencyBlock, prefix: str, seen: set[str]) -> dict[str, str]:
    found = {
        prefix + "id": id_problem(
            block.id,
            seen,
            str(_l("Use lowercase letters, digits and hyphens, such as centru-est.")),
            str(_l("Another agency already has this name.")),
        ),
        prefix + "verified": date_problem(block.verified),
    }
    if not block.texts["name"].get(SOURCE_LANGUAGE):
        found[f"{prefix}name-{SOURCE_LANGUAGE}"] = str(_l("Give the agency's name in Romanian."))
    return {name: message for name, message in found.items() if message}
