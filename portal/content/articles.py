"""The Convention articles file (`content/convention-articles.yml`): a title and summary per article."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from portal.content import yamltext
from portal.content.data import Texts
from portal.content.model import LANGUAGES, ContentItem, Problem
from portal.content.parse import _field_line as field_line

FILE = "convention-articles.yml"


@dataclass(frozen=True)
class ConventionArticle:
    """One article of the Istanbul Convention as the portal presents it, in every language."""

    number: int
    title: Texts
    summary: Texts


def load_articles(root: Path) -> tuple[dict[int, ConventionArticle], list[Problem]]:
    """Read the articles file under `root` (optional); report every malformed entry with its line."""
    path = root / FILE
    if not path.exists():
        return {}, []
    text = path.read_text(encoding="utf-8")
    try:
        raw = yamltext.load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, [
            Problem(FILE, mark.line + 1 if mark else 1, f"bad YAML: {getattr(error, 'problem', error)}")
        ]
    entries = raw.get("articles") if isinstance(raw, dict) else None
    if not isinstance(entries, dict):
        return {}, [Problem(FILE, 1, "expected a mapping of article numbers under 'articles'")]
    rows = text.splitlines()
    articles: dict[int, ConventionArticle] = {}
    problems: list[Problem] = []
    for number, entry in entries.items():
        line = next((n + 1 for n, row in enumerate(rows) if row.strip() == f"{number}:"), 1)
        if not isinstance(number, int) or not 1 <= number <= 81:
            problems.append(Problem(FILE, line, f"'{number}' is not a Convention article number (1-81)"))
            continue
        missing = [
            f"{part}.{lang}"
            for part in ("title", "summary")
            for lang in LANGUAGES
            if not isinstance(entry, dict)
            or not isinstance(entry.get(part), dict)
            or not isinstance(entry[part].get(lang), str)
            or not entry[part][lang].strip()
        ]
        if missing:
            problems.append(Problem(FILE, line, f"article {number} needs a text for {', '.join(missing)}"))
            continue
        articles[number] = ConventionArticle(number, dict(entry["title"]), dict(entry["summary"]))
    return articles, problems


def article_problems(
    items: Mapping[tuple[str, str], ContentItem], articles: Mapping[int, ConventionArticle], root: Path
) -> list[Problem]:
    """Report every article an item names that has no title in the articles file, at its `articles:` line."""
    problems = []
    for item in items.values():
        unknown = [number for number in item.articles if number not in articles]
        if unknown:
            line = field_line((root / item.path).read_text(encoding="utf-8"), "articles")
            names = ", ".join(str(number) for number in unknown)
            problems.append(Problem(item.path, line, f"Convention article {names} has no title in {FILE}"))
    return problems


def covering(items: Mapping[tuple[str, str], ContentItem], number: int, lang: str) -> list[ContentItem]:
    """Return the published items in `lang` that name article `number`."""
    return [
        item
        for (_, item_lang), item in items.items()
        if item_lang == lang and item.is_published and number in item.articles
    ]
