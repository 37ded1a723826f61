"""A draft's text checked and rendered as publication would: the same parser, renderer, sanitizer, links."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.content.crosscheck import link_problems
from portal.content.images import image_problems
from portal.content.library import Library
from portal.content.model import ContentItem, Problem
from portal.content.parse import parse_text
from portal.editorial.frontmatter import body_line, field_at


@dataclass(frozen=True)
class Preview:
    """The item as it would be published (None when it cannot be), and its problems by field and body line."""

    item: ContentItem | None
    fields: dict[str, list[str]] = field(default_factory=dict)  # front-matter key -> messages
    body: list[tuple[int | None, str]] = field(default_factory=list)  # (body line, message)
    errors: bool = False  # something stops publication (an error, not only warnings)


def preview(text: str, path: str, library: Library, uploaded: frozenset[str] = frozenset()) -> Preview:
    """Parse and render `text` as the file `path`, with the link checks run against the published library.

    `uploaded` names the draft's own images, not yet published: they count as there.
    """
    item, problems = parse_text(text, path)
    if item is not None:
        items = dict(library.items)
        items[(item.key, item.lang)] = item
        problems += [p for p in link_problems(items) if p.path == path]
        problems += image_problems({(item.key, item.lang): item}, library.images | uploaded)
    fields: dict[str, list[str]] = {}
    body: list[tuple[int | None, str]] = []
    for problem in problems:
        _place(problem, text, fields, body)
    errors = item is None or any(p.severity == "error" for p in problems)
    return Preview(item, fields, body, errors)


def _place(problem: Problem, text: str, fields: dict[str, list[str]], body: list) -> None:
    message = problem.message
    if message.startswith(("unknown field '", "missing required field '")):
        name = message.split("'")[1]
    elif message.startswith("'"):
        name = message.split("'")[1]
    else:
        name = field_at(text, problem.line)
    if name is not None:
        fields.setdefault(name, []).append(message)
    else:
        body.append((body_line(text, problem.line), message))
