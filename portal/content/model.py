"""The immutable objects the content pipeline produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

LANGUAGES: tuple[str, ...] = ("ro", "ru", "uk", "en")
SOURCE_LANGUAGE = "ro"
AUDIENCES: tuple[str, ...] = ("public", "specialist", "psychologist")
STATUSES: tuple[str, ...] = ("published", "draft")


@dataclass(frozen=True)
class Kind:
    """One kind of content item: where it lives and which languages it must exist in."""

    name: str
    search_kind: str
    required_languages: tuple[str, ...]


# Variants as data: every kind of item the portal knows, in one table.
KINDS: dict[str, Kind] = {
    "material": Kind("material", "material", LANGUAGES),
    "guide": Kind("guide", "guide", ("ro", "ru")),
    "section": Kind("section", "guide", ("ro", "ru")),
    "module": Kind("module", "training", ("ro", "ru")),
    "lesson": Kind("lesson", "training", ("ro", "ru")),
}


@dataclass(frozen=True)
class Problem:
    """A problem found in a content file, reported as `path:line: message`."""

    path: str
    line: int
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Heading:
    """A heading of a rendered page, for the in-page table of contents."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Section:
    """A part of a page between two `##` headings, as plain text for search."""

    heading: str
    anchor: str
    text: str


@dataclass(frozen=True)
class Link:
    """An internal link written in a content file (language-free site path)."""

    target: str
    line: int


@dataclass(frozen=True)
class ImageRef:
    """An image a Markdown body shows (`![alt](images/<name>)`), with its line number."""

    target: str
    alt: str
    line: int


@dataclass(frozen=True)
class Outcome:
    """A learning outcome of a training module."""

    competency: str
    level: int
    text: str


@dataclass(frozen=True)
class ContentItem:
    """A parsed Markdown file in one language, rendered and sanitized."""

    kind: str
    key: str  # the URL path without the language, e.g. "guides/istanbul-convention/risk-assessment"
    lang: str
    path: str  # relative to the content folder
    title: str
    status: str
    audience: str
    html: str
    body_hash: str
    summary: str = ""
    reviewed: date | None = None
    order: int = 0
    priority: int | None = None  # listings show items with a priority first, lowest first
    type: str = "lesson"
    articles: tuple[int, ...] = ()
    competencies: tuple[str, ...] = ()
    hotlines: tuple[str, ...] = ()  # ids of the help lines that matter most here, shown above the body
    sources: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()
    source_hash: str | None = None
    duration_minutes: int | None = None
    pass_mark: int = 80
    outcomes: tuple[Outcome, ...] = ()
    headings: tuple[Heading, ...] = ()
    sections: tuple[Section, ...] = ()
    links: tuple[Link, ...] = field(default=(), repr=False)
    images: tuple[ImageRef, ...] = field(default=(), repr=False)

    @property
    def url(self) -> str:
        """Return the item's path on the site."""
        return f"/{self.lang}/{self.key}"

    @property
    def parent_key(self) -> str:
        """Return the key of the guide or module a section or lesson belongs to."""
        return str(PurePosixPath(self.key).parent)

    @property
    def slug(self) -> str:
        """Return the last part of the key."""
        return PurePosixPath(self.key).name

    @property
    def is_published(self) -> bool:
        """Tell whether the public may see the item at all."""
        return self.status == "published"
