"""The search synonyms file (`content/search-synonyms.yml`): everyday phrasings per language, checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal.content import yamltext
from portal.content.files import UnreadableFile, read_text
from portal.content.model import LANGUAGES, Problem

FILE = "search-synonyms.yml"


@dataclass(frozen=True)
class SearchSynonyms:
    """Per language: what the content says -> the phrasings that mean it; and phrasings that mean nothing."""

    synonyms: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    filler: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_synonyms(root: Path) -> tuple[SearchSynonyms, list[Problem]]:
    """Read the synonyms file under `root` (optional); report every malformed entry with its line."""
    path = root / FILE
    if not path.exists():
        return SearchSynonyms(), []
    try:
        text = read_text(path, root)
    except UnreadableFile as error:
        return SearchSynonyms(), [Problem(FILE, error.line, error.message)]
    try:
        raw = yamltext.load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return SearchSynonyms(), [
            Problem(FILE, mark.line + 1 if mark else 1, f"bad YAML: {getattr(error, 'problem', error)}")
        ]
    problems: list[Problem] = []

    rows = text.splitlines()

    def report(lang: str, message: str, *needles: str) -> None:
        """Report at the line of `lang`'s section, then of each needle in turn (a meaning, a phrasing)."""
        line = next((n for n, row in enumerate(rows) if row.startswith(f"{lang}:")), 0)
        for needle in needles:
            line = next((n for n, row in enumerate(rows[line:], line) if needle and needle in row), line)
        problems.append(Problem(FILE, line + 1, message))

    if not isinstance(raw, dict):
        return SearchSynonyms(), [Problem(FILE, 1, "expected a mapping of languages")]
    synonyms: dict[str, dict[str, tuple[str, ...]]] = {}
    filler: dict[str, tuple[str, ...]] = {}
    for lang, entry in raw.items():
        if lang not in LANGUAGES:
            report(lang, f"unknown language '{lang}' (expected one of {', '.join(LANGUAGES)})")
            continue
        if not isinstance(entry, dict) or set(entry) - {"synonyms", "filler"}:
            report(lang, f"'{lang}' must hold 'synonyms' (a mapping) and 'filler' (a list) only")
            continue
        seen: dict[str, str] = {}
        meanings = entry.get("synonyms") or {}
        if not isinstance(meanings, dict):
            report(lang, f"'{lang}.synonyms' must map what the content says to a list of phrasings")
            meanings = {}
        synonyms[lang] = {}
        for means, phrasings in meanings.items():
            if not isinstance(means, str) or not means.strip():
                report(lang, f"'{lang}': a meaning must be words the content uses", "synonyms:")
                continue
            kept = _phrasings(lang, phrasings, means, seen, report)
            if kept:
                synonyms[lang][means.strip()] = kept
            else:
                report(lang, f"'{lang}': '{means}' needs a list of at least one phrasing", means)
        filler[lang] = _phrasings(lang, entry.get("filler") or [], "", seen, report)
    return SearchSynonyms(synonyms, filler), problems


def _phrasings(lang: str, phrasings: Any, means: str, seen: dict[str, str], report) -> tuple[str, ...]:
    """Return the valid phrasings of one list, reporting the others and any listed twice in a language."""
    if not isinstance(phrasings, list):
        return ()
    kept = []
    for phrasing in phrasings:
        if not isinstance(phrasing, str) or not phrasing.strip():
            report(
                lang, f"'{lang}': a phrasing must be a non-empty text, not {phrasing!r}", means or "filler:"
            )
            continue
        key = " ".join(phrasing.lower().split())
        if key in seen:
            other = seen[key] or "filler"
            message = f"'{lang}': '{phrasing}' is listed twice (also under '{other}')"
            report(lang, message, means or "filler:", phrasing)
            continue
        seen[key] = means
        kept.append(phrasing.strip())
    return tuple(kept)
