"""The data files beside the Markdown: help lines, services, agencies and the competency matrix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from portal.content import yamltext
from portal.content.files import UnreadableFile, read_text
from portal.content.model import SOURCE_LANGUAGE, Problem

Texts = dict[str, str]  # a text in several languages: {"ro": ..., "ru": ...}


def pick(texts: Texts | None, lang: str) -> str:
    """Return the text in `lang`, falling back to Romanian."""
    texts = texts or {}
    return texts.get(lang) or texts.get(SOURCE_LANGUAGE, "")


@dataclass(frozen=True)
class Hotline:
    """A help line shown on public pages."""

    id: str
    number: str
    tel: str
    name: Texts
    bar: bool = False
    short: Texts | None = None
    hours: Texts | None = None
    abroad: str | None = None
    operator: str | None = None
    verified: date | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Competency:
    """One competency of the matrix with its target level per role."""

    id: str
    area: str
    name: Texts
    description: Texts
    targets: dict[str, int]


@dataclass(frozen=True)
class Area:
    """A competency area."""

    id: str
    name: Texts
    articles: tuple[int, ...]
    competencies: tuple[Competency, ...]


@dataclass(frozen=True)
class Matrix:
    """The competency matrix: levels, areas and their competencies."""

    levels: tuple[dict[str, Any], ...] = ()
    areas: tuple[Area, ...] = ()

    def competency(self, competency_id: str) -> Competency | None:
        """Return the competency with this id, if the matrix has it."""
        return next((c for a in self.areas for c in a.competencies if c.id == competency_id), None)

    @property
    def ids(self) -> frozenset[str]:
        """Return every competency id."""
        return frozenset(c.id for a in self.areas for c in a.competencies)


@dataclass(frozen=True)
class Data:
    """Everything the data files hold."""

    hotlines: tuple[Hotline, ...] = ()
    services: tuple[dict[str, Any], ...] = ()
    agencies: tuple[dict[str, Any], ...] = ()
    matrix: Matrix = Matrix()


def load_data(root: Path) -> tuple[Data, list[Problem]]:
    """Read the data files under `root`; a broken file is reported and left empty."""
    problems: list[Problem] = []

    def read(name: str, key: str) -> list[dict[str, Any]]:
        path = root / name
        if not path.exists():
            problems.append(Problem(name, 1, "data file is missing"))
            return []
        try:
            data = yamltext.load(read_text(path, root)) or {}
        except UnreadableFile as error:
            problems.append(Problem(name, error.line, error.message))
            return []
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problems.append(
                Problem(name, mark.line + 1 if mark else 1, f"bad YAML: {getattr(error, 'problem', error)}")
            )
            return []
        if key == "*":
            return [data]
        entries = data.get(key) if isinstance(data, dict) else None
        if not isinstance(entries, list):
            problems.append(Problem(name, 1, f"expected a list under '{key}'"))
            return []
        return entries

    hotlines, matrix = (), Matrix()
    try:
        hotlines = tuple(Hotline(**entry) for entry in read("hotlines.yml", "hotlines"))
    except TypeError as error:
        problems.append(Problem("hotlines.yml", 1, f"bad help line entry: {error}"))
    try:
        matrix = _matrix(read("competencies.yml", "*"))
    except (KeyError, TypeError, AttributeError) as error:
        problems.append(Problem("competencies.yml", 1, f"bad matrix entry: missing or wrong {error}"))
    data = Data(
        hotlines=hotlines,
        services=tuple(read("services.yml", "services")),
        agencies=tuple(read("agencies.yml", "agencies")),
        matrix=matrix,
    )
    return data, problems


def _matrix(documents: list[dict[str, Any]]) -> Matrix:
    if not documents or not documents[0]:
        return Matrix()
    raw = documents[0]
    areas = tuple(
        Area(
            id=area["id"],
            name=area["name"],
            articles=tuple(area.get("articles", ())),
            competencies=tuple(
                Competency(
                    id=c["id"],
                    area=area["id"],
                    name=c["name"],
                    description=c.get("description", {}),
                    targets=dict(c["targets"]),
                )
                for c in area["competencies"]
            ),
        )
        for area in raw["areas"]
    )
    return Matrix(levels=tuple(raw.get("levels", ())), areas=areas)
