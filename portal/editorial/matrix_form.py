"""The competency matrix (content/competencies.yml) as a form: its levels, areas and competencies.

Editors never see YAML: `blocks_of` turns the matrix into blocks (levels, areas, competencies), `read_blocks`
reads them back from what was posted (every typed value kept, problems keyed by field name), `compose`
writes the data file. A competency that lessons, quizzes or learners' records refer to keeps its id:
removing or renaming it is refused next to its block, naming what refers to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.content.model import SOURCE_LANGUAGE, ContentItem
from portal.content.quiz import Quiz
from portal.editorial.form_rows import (
    LONG_LIMIT,
    read_texts,
    reader,
    row_count,
    split_list,
    texts_of,
    yaml_file,
)

PATH = "competencies.yml"
MAX_AREAS = 30
MAX_COMPETENCIES = 200
MAX_LEVELS = 4
LEVELS = range(1, MAX_LEVELS + 1)
_AREA_ID = re.compile(r"[a-z]+\Z")
_COMPETENCY_ID = re.compile(r"[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_ROLE = re.compile(r"[a-z]+\Z")
HEADER = (
    "# The competency matrix of the national network of specialists in preventing and combating domestic"
    " violence\n"
    "# and rehabilitating crime victims. Built on the proposal in the fact sheet (section 4): the UN"
    " Essential\n"
    "# Services Package (2015), the Council of Europe minimum standards for support services (2008), WAVE"
    " standards,\n"
    "# and the Istanbul Convention. Targets are the level each role should reach (1-4).\n"
    "# Edited through the portal's competency matrix form.\n"
)


@dataclass
class LevelBlock:
    """One level of the matrix (its number is fixed), as typed."""

    level: int = 0
    texts: dict[str, dict[str, str]] = field(default_factory=lambda: {"name": {}, "description": {}})


@dataclass
class AreaBlock:
    """One area of the matrix, as typed."""

    id: str = ""
    was: str = ""
    articles: str = ""  # comma-separated Convention article numbers
    frameworks: str = ""
    texts: dict[str, dict[str, str]] = field(default_factory=lambda: {"name": {}})

    @property
    def empty(self) -> bool:
        """Tell whether nothing was typed (an area left out, or removed)."""
        return not (self.id or self.articles or self.frameworks or any(self.texts["name"].values()))


@dataclass
class CompetencyBlock:
    """One competency of the matrix, as typed."""

    id: str = ""
    was: str = ""
    area: str = ""
    targets: dict[str, str] = field(default_factory=dict)  # role -> level, as typed
    texts: dict[str, dict[str, str]] = field(default_factory=lambda: {"name": {}, "description": {}})

    @property
    def empty(self) -> bool:
        """Tell whether nothing was typed (a competency left out, or removed)."""
        typed = any(value for texts in self.texts.values() for value in texts.values())
        return not (self.id or typed)


@dataclass
class MatrixBlocks:
    """The whole form: the levels, the areas, the competencies and the roles the targets are for."""

    roles: tuple[str, ...] = ()
    write_roles: bool = False  # the file lists its roles under `roles`
    levels: list[LevelBlock] = field(default_factory=list)
    areas: list[AreaBlock] = field(default_factory=list)
    competencies: list[CompetencyBlock] = field(default_factory=list)


def blocks_of(raw: Any) -> MatrixBlocks:
    """Return the form's blocks for the matrix as the file holds it, with an empty area and competency."""
    raw = raw if isinstance(raw, Mapping) else {}
    areas = [a for a in raw.get("areas") or () if isinstance(a, Mapping)]
    competencies = [
        (area, c) for area in areas for c in area.get("competencies") or () if isinstance(c, Mapping)
    ]
    listed = [str(r) for r in raw.get("roles") or () if isinstance(r, str)]
    found = [str(r) for _area, c in competencies for r in _mapping(c.get("targets"))]
    blocks = MatrixBlocks(
        roles=tuple(dict.fromkeys(listed + found)),
        write_roles="roles" in raw,
        levels=[
            LevelBlock(
                level=int(level.get("level") or 0) if str(level.get("level", "")).isdigit() else 0,
                texts={name: _texts_in(level.get(name)) for name in ("name", "description")},
            )
            for level in raw.get("levels") or ()
            if isinstance(level, Mapping)
        ],
        areas=[
            AreaBlock(
                id=str(area.get("id", "")),
                was=str(area.get("id", "")),
                articles=", ".join(str(a) for a in area.get("articles") or ()),
                frameworks=str(area.get("frameworks") or ""),
                texts={"name": _texts_in(area.get("name"))},
            )
            for area in areas
        ],
        competencies=[
            CompetencyBlock(
                id=str(c.get("id", "")),
                was=str(c.get("id", "")),
                area=str(area.get("id", "")),
                targets={str(k): str(v) for k, v in _mapping(c.get("targets")).items()},
                texts={name: _texts_in(c.get(name)) for name in ("name", "description")},
            )
            for area, c in competencies
        ],
    )
    return padded(blocks)


def padded(blocks: MatrixBlocks) -> MatrixBlocks:
    """Add an empty area and an empty competency at the end, to add one."""
    if len(blocks.areas) < MAX_AREAS and (not blocks.areas or not blocks.areas[-1].empty):
        blocks.areas = [*blocks.areas, AreaBlock()]
    if len(blocks.competencies) < MAX_COMPETENCIES and (
        not blocks.competencies or not blocks.competencies[-1].empty
    ):
        blocks.competencies = [*blocks.competencies, CompetencyBlock()]
    return blocks


def references(
    items: Iterable[ContentItem], quizzes: Iterable[Quiz], recorded: Iterable[str]
) -> dict[str, list[str]]:
    """Return what refers to each competency: pages and quizzes by path, learners' records as one entry."""
    found: dict[str, list[str]] = {}

    def add(competency: str, what: str) -> None:
        if what not in found.setdefault(competency, []):
            found[competency].append(what)

    for item in items:
        for competency in item.competencies + tuple(o.competency for o in item.outcomes):
            add(competency, item.path)
    for quiz in quizzes:
        for question in quiz.questions:
            add(question.competency, quiz.path)
    for competency in recorded:
        add(competency, str(_l("learners' records")))
    return found


def read_blocks(
    form: Mapping[str, str], roles: tuple[str, ...], write_roles: bool, referred: Mapping[str, list[str]]
) -> tuple[MatrixBlocks, dict[str, str]]:
    """Read the posted matrix; return it as typed and the problems, keyed by field name.

    `roles` are the roles the targets are for (those of the published matrix); `referred` holds what refers
    to each competency id: such a competency may not be removed or renamed.
    """
    roles = tuple(r for r in roles if _ROLE.match(r))
    problems: dict[str, str] = {}
    levels = []
    for index in range(row_count(form, "levels", MAX_LEVELS)):
        value = reader(form, f"l{index}-")
        number = value("level")
        level = LevelBlock(
            level=int(number) if number.isdigit() and int(number) in LEVELS else 0,
            texts=read_texts(value, ("name",)) | read_texts(value, ("description",), LONG_LIMIT),
        )
        levels.append(level)
        if not level.level or level.level in {other.level for other in levels[:-1]}:
            problems["levels"] = str(_l("The levels were changed outside the form: open it again."))
        if not level.texts["name"].get(SOURCE_LANGUAGE):
            problems[f"l{index}-name-{SOURCE_LANGUAGE}"] = str(_l("Give the level's name in Romanian."))
    areas, area_ids = [], set()
    for index in range(row_count(form, "areas", MAX_AREAS)):
        prefix = f"a{index}-"
        value = reader(form, prefix)
        area = AreaBlock(
            id=value("id"),
            was=value("was"),
            articles=value("articles"),
            frameworks=value("frameworks"),
            texts=read_texts(value, ("name",)),
        )
        areas.append(area)
        if area.empty:
            continue
        problems.update(_area_problems(area, prefix, area_ids))
        area_ids.add(area.id)
    competencies, seen = [], set()
    for index in range(row_count(form, "competencies", MAX_COMPETENCIES)):
        prefix = f"c{index}-"
        value = reader(form, prefix)
        competency = CompetencyBlock(
            id=value("id"),
            was=value("was"),
            area=value("area"),
            targets={role: value(f"target-{role}") for role in roles},
            texts=read_texts(value, ("name",)) | read_texts(value, ("description",), LONG_LIMIT),
        )
        competencies.append(competency)
        if competency.empty:
            continue
        problems.update(_competency_problems(competency, prefix, seen, area_ids))
        seen.add(competency.id)
    for index, area in enumerate(areas):
        if (
            area.was
            and area.was not in area_ids
            and any(c.area == area.was for c in competencies if not c.empty)
        ):
            problems[f"a{index}-id"] = str(_l("Competencies belong to this area: move or remove them first."))
    problems = _kept_ids(competencies, seen, referred) | problems
    if not area_ids:
        problems["areas"] = str(_l("Keep at least one area."))
    blocks = MatrixBlocks(
        roles=roles, write_roles=write_roles, levels=levels, areas=areas, competencies=competencies
    )
    return blocks, problems


def compose(blocks: MatrixBlocks) -> str:
    """Write competencies.yml from valid blocks (empty ones left out), in the order of the form."""
    data: dict[str, Any] = {"levels": []}
    for level in blocks.levels:
        entry: dict[str, Any] = {"level": level.level, "name": texts_of(level.texts["name"])}
        if any(level.texts["description"].values()):
            entry["description"] = texts_of(level.texts["description"])
        data["levels"].append(entry)
    if blocks.write_roles:
        data["roles"] = list(blocks.roles)
    data["areas"] = []
    for area in (a for a in blocks.areas if not a.empty):
        entry = {"id": area.id, "name": texts_of(area.texts["name"])}
        if area.articles:
            entry["articles"] = [int(a) for a in split_list(area.articles)]
        if area.frameworks:
            entry["frameworks"] = area.frameworks
        entry["competencies"] = []
        for competency in (c for c in blocks.competencies if not c.empty and c.area == area.id):
            item: dict[str, Any] = {"id": competency.id, "name": texts_of(competency.texts["name"])}
            if any(competency.texts["description"].values()):
                item["description"] = texts_of(competency.texts["description"])
            item["targets"] = {role: int(competency.targets[role]) for role in blocks.roles}
            entry["competencies"].append(item)
        data["areas"].append(entry)
    return yaml_file(HEADER, data)


def _mapping(value: Any) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _texts_in(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in _mapping(value).items()}


def _area_problems(area: AreaBlock, prefix: str, seen: set[str]) -> dict[str, str]:
    problems = {}
    if not _AREA_ID.match(area.id):
        problems[prefix + "id"] = str(_l("Use lowercase letters only, such as law."))
    elif area.id in seen:
        problems[prefix + "id"] = str(_l("Another area already has this name."))
    if not area.texts["name"].get(SOURCE_LANGUAGE):
        problems[f"{prefix}name-{SOURCE_LANGUAGE}"] = str(_l("Give the area's name in Romanian."))
    numbers = split_list(area.articles)
    if not all(n.isdigit() and 1 <= int(n) <= 81 for n in numbers):
        problems[prefix + "articles"] = str(
            _l("Give Istanbul Convention article numbers from 1 to 81, separated by commas, such as 52, 53.")
        )
    return problems


def _competency_problems(
    competency: CompetencyBlock, prefix: str, seen: set[str], areas: set[str]
) -> dict[str, str]:
    problems = {}
    if competency.area not in areas:
        problems[prefix + "area"] = str(_l("Choose the competency's area."))
    if not _COMPETENCY_ID.match(competency.id) or (
        competency.area in areas and not competency.id.startswith(competency.area + ".")
    ):
        problems[prefix + "id"] = str(
            _l(
                "Write the area's short name, a dot and lowercase letters, digits and hyphens,"
                " such as law.protection-orders."
            )
        )
    elif competency.id in seen:
        problems[prefix + "id"] = str(_l("Another competency already has this name."))
    if not competency.texts["name"].get(SOURCE_LANGUAGE):
        problems[f"{prefix}name-{SOURCE_LANGUAGE}"] = str(_l("Give the competency's name in Romanian."))
    for role, level in competency.targets.items():
        if not (level.isdigit() and int(level) in LEVELS):
            problems[f"{prefix}target-{role}"] = str(_l("Choose a level from 1 to 4."))
    return problems


def _kept_ids(
    competencies: list[CompetencyBlock], ids: set[str], referred: Mapping[str, list[str]]
) -> dict[str, str]:
    """Refuse to remove or rename a competency something refers to: the message goes next to its block."""
    problems = {}
    for competency_id, what in referred.items():
        if competency_id in ids:
            continue
        where = next((i for i, c in enumerate(competencies) if c.was == competency_id), None)
        message = str(
            _l(
                "The competency %(id)s is referred to by %(what)s: keep its name, or change those first.",
                id=competency_id,
                what=", ".join(what),
            )
        )
        problems["competencies" if where is None else f"c{where}-id"] = message
    return problems
