"""The Library: every content item, quiz and data file, loaded once from disk."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from portal.content.articles import ConventionArticle, article_problems, load_articles
from portal.content.collation import sort_key
from portal.content.crosscheck import cross_check, link_problems
from portal.content.data import Data, load_data
from portal.content.files import is_outside, shown_name
from portal.content.images import image_problems, load_images
from portal.content.model import LANGUAGES, ContentItem, Problem
from portal.content.parse import parse_file
from portal.content.quiz import Quiz, parse_quiz
from portal.content.render_cache import RenderCache
from portal.content.synonyms import SearchSynonyms, load_synonyms

CONTENT_AREAS = ("materials", "guides", "trainings")


@dataclass(frozen=True)
class Library:
    """All content, by (key, lang); immutable once loaded."""

    items: Mapping[tuple[str, str], ContentItem]
    quizzes: Mapping[tuple[str, str], Quiz]
    data: Data
    problems: tuple[Problem, ...] = field(default=(), repr=False)
    synonyms: SearchSynonyms = field(default_factory=SearchSynonyms, repr=False)
    articles: Mapping[int, ConventionArticle] = field(default_factory=dict, repr=False)
    images: frozenset[str] = field(default=frozenset(), repr=False)  # the files in content/images/

    def get(self, key: str, lang: str) -> ContentItem | None:
        """Return the item `key` in `lang`, if it exists."""
        return self.items.get((key, lang))

    def languages(self, key: str, published_only: bool = True) -> tuple[str, ...]:
        """Return the languages the item exists in, in the site's order."""
        return tuple(
            lang
            for lang in LANGUAGES
            if (item := self.items.get((key, lang))) and (item.is_published or not published_only)
        )

    def of_kind(self, kind: str, lang: str) -> list[ContentItem]:
        """Return the items of one kind in one language: by priority, then order, then alphabetically."""
        found = [i for (_, item_lang), i in self.items.items() if i.kind == kind and item_lang == lang]
        return sorted(found, key=lambda i: listing_key(i, lang))

    def children(self, parent_key: str, lang: str) -> list[ContentItem]:
        """Return a guide's sections or a module's lessons in one language, in order."""
        found = [
            i
            for (_, item_lang), i in self.items.items()
            if item_lang == lang and i.kind in ("section", "lesson") and i.parent_key == parent_key
        ]
        return sorted(found, key=lambda i: (i.order, i.key))

    def quiz(self, module_key: str, lang: str) -> Quiz | None:
        """Return a module's quiz in `lang`."""
        return self.quizzes.get((module_key, lang))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Return only the problems that are errors."""
        return tuple(p for p in self.problems if p.severity == "error")


def listing_key(item: ContentItem, lang: str) -> tuple:
    """Return where an item goes in a listing: prioritised items first, the rest by order and title."""
    return (item.priority is None, item.priority or 0, item.order, sort_key(item.title, lang))


def _load_file(
    path: Path,
    root: Path,
    cache: RenderCache | None,
    items: dict[tuple[str, str], ContentItem],
    quizzes: dict[tuple[str, str], Quiz],
) -> list[Problem]:
    """Add one file's item or quiz to `items` or `quizzes`; return its problems."""
    name = shown_name(path, root)
    if is_outside(path, root):
        return [Problem(name, 1, "symbolic link pointing outside the content folder: not served")]
    if path.is_symlink() and not path.exists():
        return [Problem(name, 1, "symbolic link to nothing")]
    if not path.is_file():
        return []
    if path.suffix == ".md":
        item, found = parse_file(path, root, cache)
        if item:
            items[(item.key, item.lang)] = item
        return found
    if path.suffix in (".yml", ".yaml"):
        quiz, found = parse_quiz(path, root)
        if quiz:
            quizzes[(quiz.module_key, quiz.lang)] = quiz
        return found
    return [Problem(name, 1, "unexpected file (only .md and quiz .yml)")]


def _withdraw(items: dict[tuple[str, str], ContentItem], paths: set[str]) -> list[Problem]:
    """Turn the published items at `paths` into drafts (a link off the site must not go out); say so."""
    problems = []
    for index, item in list(items.items()):
        if item.path in paths and item.is_published:
            items[index] = replace(item, status="draft")
            problems.append(Problem(item.path, 1, "not published until its links are fixed"))
    return problems


def load_library(root: Path, render_cache: Path | None = None) -> Library:
    """Parse every file under `root`; broken files are left out and reported in `problems`.

    With `render_cache`, rendered bodies are kept in that folder and reused while their file is unchanged.
    """
    cache = RenderCache(render_cache) if render_cache else None
    items: dict[tuple[str, str], ContentItem] = {}
    quizzes: dict[tuple[str, str], Quiz] = {}
    problems: list[Problem] = []
    for area in CONTENT_AREAS:
        for path in sorted((root / area).rglob("*")):
            if path.name.startswith("."):
                continue
            try:
                problems += _load_file(path, root, cache, items, quizzes)
            except Exception as error:  # noqa: BLE001 - whatever is wrong with one file, the others load
                problems.append(
                    Problem(shown_name(path, root), 1, f"cannot be read ({type(error).__name__})")
                )
    if cache:
        cache.prune()
    data, data_problems = load_data(root)
    problems += data_problems
    bad_links = link_problems(items)
    problems += bad_links + cross_check(items, quizzes, data)
    problems += _withdraw(items, {p.path for p in bad_links if p.severity == "error"})
    synonyms, synonym_problems = load_synonyms(root)
    problems += synonym_problems
    articles, found = load_articles(root)
    problems += found + article_problems(items, articles, root)
    images, found = load_images(root)
    problems += found + image_problems(items, images)
    return Library(
        items=MappingProxyType(items),
        quizzes=MappingProxyType(quizzes),
        data=data,
        problems=tuple(problems),
        synonyms=synonyms,
        articles=MappingProxyType(articles),
        images=images,
    )
