"""The sitemap: every public, published page, with its language alternates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from portal.content.library import Library
from portal.content.model import LANGUAGES


@dataclass(frozen=True)
class Entry:
    """One URL of the sitemap and the same page in other languages."""

    url: str
    lastmod: date | None
    alternates: tuple[tuple[str, str], ...]  # (lang, url)


def sitemap_entries(library: Library, site: str, pages: Sequence[Mapping[str, str]]) -> list[Entry]:
    """Return the sitemap's entries: `pages` (each an absolute URL per language), then every public item."""
    entries = []
    for page in pages:
        alternates = tuple(page.items())
        entries += [Entry(url, None, alternates) for _, url in alternates]
    public = {}
    for (key, lang), item in library.items.items():
        if item.is_published and item.audience == "public":
            public.setdefault(key, {})[lang] = item
    for key in sorted(public):
        versions = public[key]
        alternates = tuple((lang, f"{site}{versions[lang].url}") for lang in LANGUAGES if lang in versions)
        for lang, url in alternates:
            entries.append(Entry(url, versions[lang].reviewed, alternates))
    return entries
