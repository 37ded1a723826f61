"""The sitemap: every public, published page, with its language alternates."""

from __future__ import annotations

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


def sitemap_entries(library: Library, site: str) -> list[Entry]:
    """Return the sitemap's entries: home pages, listings and public items."""
    entries = []
    for path in ("", "materials/", "guides/", "services"):
        alternates = tuple((lang, f"{site}/{lang}/{path}") for lang in LANGUAGES)
        entries += [Entry(url, None, alternates) for _, url in alternates]
    public = {}
    for (key, lang), item in library.items.items():
        if item.is_published and item.audience == "public":
            public.setdefault(key, {})[lang] = item
    for key in sorted(public):
        alternates = tuple((lang, f"{site}/{lang}/{key}") for lang in LANGUAGES if lang in public[key])
        for lang, url in alternates:
            entries.append(Entry(url, public[key][lang].reviewed, alternates))
    return entries
