"""One Whoosh schema for all languages: a title field (title and heading) and a body field per language.

A document fills only the fields of its own language, so each language keeps its own analyzer, and a query
in one language searches only that language's fields (or every language's, each with its own analyzer).
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from search.analysis import LANGUAGES, stemming_analyzer

# Bump when the fields or the analyzers change: an index built under another version is rebuilt, not updated.
SCHEMA_VERSION = 5


def build_schema() -> Schema:
    """Return the index schema."""
    fields = {
        "id": ID(stored=True, unique=True),
        "item_key": ID(stored=True),
        "kind": ID(stored=True),
        "lang": ID(stored=True),
        "audience": ID(stored=True),
        "url": STORED(),
        "title": STORED(),
        "heading": STORED(),
        "articles": KEYWORD(stored=True, commas=True),
        "competencies": KEYWORD(stored=True, commas=True),
    }
    for lang in LANGUAGES:
        analyzer = stemming_analyzer(lang)
        fields[f"title_{lang}"] = TEXT(
            analyzer=analyzer, field_boost=2.5
        )  # the item's title and the section's heading
        fields[f"body_{lang}"] = TEXT(analyzer=analyzer, stored=True, chars=True)  # chars: fast snippets
    return Schema(**fields)
