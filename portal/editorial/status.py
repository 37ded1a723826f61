"""The content status editors see, built from the library and its `content check` problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.content.library import Library
from portal.content.model import KINDS, LANGUAGES, SOURCE_LANGUAGE, ContentItem, Problem

REVIEW_EVERY = timedelta(days=365)


@dataclass(frozen=True)
class Coverage:
    """How many of the items that need a language have it."""

    lang: str
    present: int
    required: int


@dataclass(frozen=True)
class Status:
    """Everything the status page shows."""

    coverage: tuple[Coverage, ...]
    outdated: tuple[Problem, ...]
    missing: tuple[Problem, ...]
    broken_links: tuple[Problem, ...]
    errors: tuple[Problem, ...]
    overdue: tuple[ContentItem, ...]
    drafts: tuple[ContentItem, ...]


def review_overdue(item: ContentItem, today: date | None = None) -> bool:
    """Tell whether an item's last review is more than REVIEW_EVERY ago."""
    return item.reviewed is not None and (today or date.today()) - item.reviewed > REVIEW_EVERY


def content_status(library: Library, today: date | None = None) -> Status:
    """Summarize the state of the content for editors."""
    today = today or date.today()
    sources = [i for (_, lang), i in library.items.items() if lang == SOURCE_LANGUAGE and i.is_published]
    coverage = []
    for lang in LANGUAGES:
        needing = [i for i in sources if lang in KINDS[i.kind].required_languages]
        coverage.append(Coverage(lang, sum(1 for i in needing if library.get(i.key, lang)), len(needing)))
    problems = library.problems
    return Status(
        coverage=tuple(coverage),
        outdated=tuple(p for p in problems if "outdated translation" in p.message),
        missing=tuple(p for p in problems if "missing translation" in p.message),
        broken_links=tuple(p for p in problems if "link" in p.message),
        errors=tuple(p for p in problems if p.severity == "error" and "link" not in p.message),
        overdue=tuple(
            sorted(
                (i for i in library.items.values() if review_overdue(i, today)),
                key=lambda i: i.reviewed,
            )
        ),
        drafts=tuple(i for i in library.items.values() if not i.is_published),
    )
