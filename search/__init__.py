"""Full-text search for the portal on Whoosh, in Romanian, Russian, Ukrainian and English.

A plain Python package: it imports neither Flask nor the portal. The portal turns its content items into
`Document`s in one place and calls `build_index`, `update_item` and `search`.
"""

from search.document import Document
from search.query import Hit, Results, search
from search.schema import SCHEMA_VERSION
from search.store import (
    SearchUnavailable,
    build_index,
    index_exists,
    recheck_now,
    update_item,
    write_manifest,
)
from search.synonyms import Synonyms

__all__ = [
    "recheck_now",
    "SCHEMA_VERSION",
    "Document",
    "Hit",
    "Results",
    "SearchUnavailable",
    "Synonyms",
    "build_index",
    "index_exists",
    "search",
    "update_item",
    "write_manifest",
]
