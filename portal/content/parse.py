"""Turn one Markdown file into a ContentItem, or into the problems that stop it."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
import yaml

from portal.content import yamltext
from portal.content.files import UnreadableFile, read_text, shown_name
from portal.content.hashing import body_of, text_hash
from portal.content.model import LANGUAGES, ContentItem, Outcome, Problem
from portal.content.render import render
from portal.content.render_cache import RenderCache
from portal.content.schema import validate

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FILE_NAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[A-Za-z_-]+)\.md$")


def locate(relative: PurePosixPath) -> tuple[str, str, str]:
    """Return (kind, key, lang) for a content file's path, or raise ValueError saying what is wrong."""
    match = _FILE_NAME.match(relative.name)
    if not match:
        raise ValueError("file name must be <slug>.<language>.md with a lower-case ASCII slug")
    slug, lang = match["slug"], match["lang"]
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language suffix '.{lang}' (allowed: {', '.join(LANGUAGES)})")
    parts = relative.parts[:-1]
    if any(not _SLUG.match(part) for part in parts):
        raise ValueError("folder names must be lower-case ASCII slugs (no '..', no dots)")
    if parts[:1] == ("materials",) and len(parts) == 1:
        return "material", f"materials/{slug}", lang
    for area, cover, child in (("guides", "guide", "section"), ("trainings", "module", "lesson")):
        if parts[:1] == (area,) and len(parts) == 2:
            if slug == "index":
                return cover, f"{area}/{parts[1]}", lang
            return child, f"{area}/{parts[1]}/{slug}", lang
    raise ValueError(
        "a content file must be materials/<slug>, guides/<guide>/<section> or trainings/<module>/<lesson>"
    )


def parse_file(
    path: Path, root: Path, cache: RenderCache | None = None
) -> tuple[ContentItem | None, list[Problem]]:
    """Parse, validate and render one file; return the item (None when unusable) and its problems."""
    name = shown_name(path, root)
    try:
        locate(PurePosixPath(name))
        text = read_text(path, root)
    except UnreadableFile as error:
        return None, [Problem(name, error.line, error.message)]
    except ValueError as error:
        return None, [Problem(name, 1, str(error))]
    return parse_text(text, name, cache)


def parse_text(
    text: str, name: str, cache: RenderCache | None = None
) -> tuple[ContentItem | None, list[Problem]]:
    """Parse, validate and render `text` as if it were the content file `name` (editors' previews too)."""
    try:
        kind, key, lang = locate(PurePosixPath(name))
    except ValueError as error:
        return None, [Problem(name, 1, str(error))]
    meta, problem = read_front_matter(text)
    if problem:
        return None, [Problem(name, *problem)]
    problems = [Problem(name, _field_line(text, field), message) for field, message in validate(meta)]
    if any(p.severity == "error" for p in problems):
        return None, problems
    body = body_of(text)
    first_line = text[: len(text) - len(body)].count("\n") + 1
    rendered = cache.render(body, lang, first_line) if cache else render(body, lang, first_line)
    problems += [Problem(name, line, "unsafe HTML dropped", "warning") for line in rendered.unsafe_lines]
    item = ContentItem(
        kind=kind,
        key=key,
        lang=lang,
        path=name,
        title=meta["title"].strip(),
        status=meta["status"],
        audience=meta["audience"],
        html=rendered.html,
        body_hash=text_hash(text, markdown=True),
        summary=meta.get("summary", "").strip(),
        reviewed=meta.get("reviewed"),
        order=meta.get("order", 0),
        priority=meta.get("priority"),
        type=meta.get("type", "lesson"),
        articles=tuple(meta.get("articles", ())),
        competencies=tuple(meta.get("competencies", ())),
        hotlines=tuple(meta.get("hotlines", ())),
        sources=tuple(meta.get("sources", ())),
        unverified=tuple(meta.get("unverified", ())),
        source_hash=meta.get("source_hash"),
        duration_minutes=meta.get("duration_minutes"),
        pass_mark=meta.get("pass_mark", 80),
        outcomes=tuple(Outcome(**o) for o in meta.get("outcomes", ())),
        headings=rendered.headings,
        sections=rendered.sections,
        links=rendered.links,
        images=rendered.images,
    )
    return item, problems


def read_front_matter(text: str) -> tuple[dict[str, Any], tuple[int, str] | None]:
    """Return the front matter as a mapping, or (line, message) saying why it cannot be read."""
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return {}, (1, "missing front matter: the file must start with a --- block of YAML")
    raw, _ = handler.split(text)
    try:
        meta = yamltext.load(raw) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = text[: text.index(raw)].count("\n") + mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or "invalid YAML"
        return {}, (line, f"bad YAML in front matter: {reason}")
    if not isinstance(meta, dict):
        return {}, (2, "front matter must be a mapping of field: value")
    return meta, None


def _field_line(text: str, field: str) -> int:
    """Return the line where a front-matter field is written (1 when it is missing)."""
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.startswith("---"):
            break
        if line.startswith(f"{field}:"):
            return number
    return 1
