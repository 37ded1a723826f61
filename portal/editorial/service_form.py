"""The services directory (content/services.yml) as a form: one block per service, texts in every language.

Editors never see YAML: `blocks_of` turns the services into blocks, `read_blocks` reads them back from what
was posted (every typed value kept, problems keyed by field name), `compose` writes the data file. A service
linked from a page (`/services#<id>`) keeps its id: removing or renaming it is refused next to its block.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.content.model import SOURCE_LANGUAGE, ContentItem
from portal.content.phones import tel_uri
from portal.editorial.form_rows import (
    LONG_LIMIT,
    date_problem,
    id_problem,
    number_problem,
    read_rows,
    read_texts,
    split_list,
    texts_of,
    yaml_file,
)

PATH = "services.yml"
MAX_SERVICES = 200
TEXTS = ("name", "description", "place", "hours")  # the fields written in every language
LONG_TEXTS = ("description",)
CATEGORIES = {
    "integrated": _l("Integrated service"),
    "crisis-centre": _l("Crisis centre"),
    "shelter": _l("Shelter"),
    "day-centre": _l("Day centre"),
    "forensic": _l("Forensic examination"),
    "hospital-unit": _l("Hospital unit"),
    "legal-aid": _l("Legal aid"),
    "rehabilitation": _l("Rehabilitation centre"),
    "national-agency": _l("National agency"),
}
HEADER = (
    "# The services directory shown at /<lang>/services and referenced from the guide. Facts from\n"
    "# shared/facts/domain-facts.md only; what is unknown is marked `to_complete`, never invented.\n"
    "# Phones taken from the government's undated list of specialised services (antiviolenta.gov.md) carry"
    " the date\n"
    "# they were last checked in `verified` and a currency check in `to_complete`."
    " Link an entry as /services#<id>.\n"
    "# Edited through the portal's services form.\n"
)


@dataclass
class ServiceBlock:
    """One service of the form, as typed."""

    id: str = ""
    was: str = ""  # the id the service had when the form was opened (empty for a new one)
    category: str = ""
    phones: str = ""  # comma-separated, as shown
    districts: str = ""  # comma-separated
    verified: str = ""
    sources: str = ""  # comma-separated
    to_complete: str = ""
    texts: dict[str, dict[str, str]] = field(default_factory=lambda: {name: {} for name in TEXTS})

    @property
    def empty(self) -> bool:
        """Tell whether nothing was typed (a service left out, or removed)."""
        typed = any(value for texts in self.texts.values() for value in texts.values())
        return not (self.id or self.category or self.phones or self.districts or self.sources or typed)


def blocks_of(services: Iterable[Mapping[str, Any]]) -> list[ServiceBlock]:
    """Return the form's blocks for the services, and one empty block to add a service."""
    blocks = [
        ServiceBlock(
            id=str(service.get("id", "")),
            was=str(service.get("id", "")),
            category=str(service.get("category", "")),
            phones=", ".join(str(p) for p in service.get("phones") or ()),
            districts=", ".join(str(d) for d in service.get("districts") or ()),
            verified=_iso(service.get("verified")),
            sources=", ".join(str(s) for s in service.get("sources") or ()),
            to_complete=str(service.get("to_complete") or ""),
            texts={name: _texts_in(service.get(name)) for name in TEXTS},
        )
        for service in services
        if isinstance(service, Mapping)
    ]
    return padded(blocks)


def padded(blocks: list[ServiceBlock]) -> list[ServiceBlock]:
    """Add one empty block at the end, to add a service."""
    if len(blocks) < MAX_SERVICES and (not blocks or not blocks[-1].empty):
        blocks = [*blocks, ServiceBlock()]
    return blocks


def linked_services(items: Iterable[ContentItem]) -> dict[str, list[str]]:
    """Return the pages linking to each service (`/services#<id>`): service id -> page paths."""
    found: dict[str, list[str]] = {}
    for item in items:
        for link in item.links:
            path, _sep, anchor = link.target.partition("#")
            if path.strip("/") == "services" and anchor and item.path not in found.get(anchor, []):
                found.setdefault(anchor, []).append(item.path)
    return found


def _block(value) -> ServiceBlock:
    """Make one row's block from its fields, as typed."""
    texts = read_texts(value, TEXTS)
    texts |= read_texts(value, LONG_TEXTS, LONG_LIMIT)
    return ServiceBlock(
        id=value("id"),
        was=value("was"),
        category=value("category"),
        phones=value("phones"),
        districts=value("districts"),
        verified=value("verified"),
        sources=value("sources"),
        to_complete=value("to_complete", LONG_LIMIT),
        texts=texts,
    )


def read_blocks(
    form: Mapping[str, str], linked: Mapping[str, list[str]]
) -> tuple[list[ServiceBlock], dict[str, str]]:
    """Read the posted services; return them as typed and the problems, keyed by field name.

    `linked` holds the pages linking to each service id: such a service may not be removed or renamed.
    """
    blocks, problems, seen = read_rows(form, "services", MAX_SERVICES, "s", _block, _problems)
    problems = _kept_links(blocks, seen, linked) | problems
    if not any(not b.empty for b in blocks):
        problems["services"] = str(_l("Keep at least one service."))
    return blocks, problems


def compose(blocks: list[ServiceBlock]) -> str:
    """Write services.yml from valid blocks (empty ones left out), in the order of the form."""
    services = []
    for block in (b for b in blocks if not b.empty):
        entry: dict = {"id": block.id, "category": block.category, "name": texts_of(block.texts["name"])}
        for name in ("description", "place"):
            if any(block.texts[name].values()):
                entry[name] = texts_of(block.texts[name])
        entry["phones"] = split_list(block.phones)
        if block.districts:
            entry["districts"] = split_list(block.districts)
        if any(block.texts["hours"].values()):
            entry["hours"] = texts_of(block.texts["hours"])
        if block.verified:
            entry["verified"] = date.fromisoformat(block.verified)
        if block.sources:
            entry["sources"] = split_list(block.sources)
        if block.to_complete:
            entry["to_complete"] = block.to_complete
        services.append(entry)
    return yaml_file(HEADER, {"services": services})


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


def _texts_in(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, Mapping) else {}


def _problems(block: ServiceBlock, prefix: str, seen: set[str]) -> dict[str, str]:
    found = {
        prefix + "id": id_problem(
            block.id,
            seen,
            str(_l("Use lowercase letters, digits and hyphens, such as family-justice-center.")),
            str(_l("Another service already has this name.")),
        ),
        prefix + "category": None if block.category in CATEGORIES else str(_l("Choose the kind of service.")),
        prefix + "phones": _phones_problem(block.phones),
        prefix + "verified": date_problem(block.verified),
    }
    if not block.texts["name"].get(SOURCE_LANGUAGE):
        found[f"{prefix}name-{SOURCE_LANGUAGE}"] = str(_l("Give the service's name in Romanian."))
    return {name: message for name, message in found.items() if message}


def _phones_problem(phones: str) -> str | None:
    for phone in split_list(phones):
        problem = number_problem(phone)
        if problem:
            return problem
        if tel_uri(phone) is None:
            return str(
                _l(
                    "%(number)s cannot be dialled: give a Moldovan number of 9 digits, or one with +373.",
                    number=phone,
                )
            )
    return None


def _kept_links(blocks: list[ServiceBlock], ids: set[str], linked: Mapping[str, list[str]]) -> dict[str, str]:
    """Refuse to remove or rename a service that pages link to: the message goes next to its block."""
    problems = {}
    for service_id, pages in linked.items():
        if service_id in ids:
            continue
        where = next((i for i, b in enumerate(blocks) if b.was == service_id), None)
        message = str(
            _l(
                "The service %(id)s is linked from %(pages)s: keep its name, or change those pages first.",
                id=service_id,
                pages=", ".join(pages),
            )
        )
        if where is None:
            problems["services"] = message
        else:
            problems[f"s{where}-id"] = message
    return problems
