"""The portal's side of search: reading a request's parameters, running the query, keeping the index fresh."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from flask import Flask

import search
from portal.access import PUBLIC
from portal.content.library import Library
from portal.searching.documents import documents_by_item
from search import SearchUnavailable

log = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_PAGE = 100
KINDS = ("guide", "training", "material")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")

__all__ = [
    "MAX_QUERY_LENGTH",
    "SearchRequest",
    "SearchUnavailable",
    "build",
    "init_app",
    "run_search",
    "search_with_correction",
    "synonyms_of",
    "update",
]


@dataclass(frozen=True)
class SearchRequest:
    """A search as the visitor asked for it, cleaned and bounded."""

    query: str
    lang: str
    audiences: frozenset[str]
    all_languages: bool = False
    kind: str | None = None
    article: int | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str], lang: str, audiences: frozenset[str]) -> SearchRequest:
        """Build a request from query-string arguments; anything out of range is dropped."""
        query = _CONTROL.sub(" ", args.get("q", "")).strip()[:MAX_QUERY_LENGTH]
        kind = args.get("kind") if args.get("kind") in KINDS else None
        article = _whole(args.get("article"), 1, 81)
        page = _whole(args.get("page"), 1, MAX_PAGE) or 1
        return cls(query, lang, audiences, args.get("all") == "1", kind, article, page)


def _whole(value: str | None, low: int, high: int) -> int | None:
    if value and value.isdigit() and low <= int(value) <= high:
        return int(value)
    return None


def synonyms_of(library: Library) -> search.Synonyms:
    """Return the library's search synonyms, analysed for the search package."""
    return search.Synonyms(library.synonyms.synonyms, library.synonyms.filler)


def run_search(
    index_dir: str, wanted: SearchRequest, synonyms: search.Synonyms | None = None
) -> search.Results:
    """Run a search with the access filter; a visitor who sees only public items gets materials first."""
    return search.search(
        index_dir,
        wanted.query,
        lang=wanted.lang,
        audiences=wanted.audiences,
        all_languages=wanted.all_languages,
        kind=wanted.kind,
        article=wanted.article,
        page=wanted.page,
        favour_kind="material" if wanted.audiences == PUBLIC else None,
        synonyms=synonyms,
    )


def search_with_correction(
    index_dir: str, wanted: SearchRequest, synonyms: search.Synonyms | None = None
) -> tuple[search.Results, str | None]:
    """Run a search, or its spelling suggestion when that does better; return the results and the query
    they are for when it is the suggestion (None otherwise).

    The suggestion wins when the search finds nothing and it finds something, or when the search finds only
    pages with some of the words and the suggestion pages with all of them.

    So the page never says "did you mean X" above "0 results" while X would find pages, and never offers
    a suggestion that itself finds nothing.
    """
    found = run_search(index_dir, wanted, synonyms)
    if not found.suggestion or not (found.total == 0 or found.fallback):
        return found, None
    corrected = replace(wanted, query=found.suggestion)
    better = run_search(index_dir, corrected, synonyms)
    if better.total and (found.total == 0 or not better.fallback):
        return replace(better, suggestion=None), corrected.query
    # Offered only when it finds something, and then only some of its words, like the search itself.
    return (found if better.total else replace(found, suggestion=None)), None


def build(library: Library, index_dir: str) -> Path:
    """Build a fresh index of every published item, swap it in, and remember each item's fingerprint."""
    grouped = documents_by_item(library.items.values())
    folder = search.build_index([doc for docs in grouped.values() for doc in docs], index_dir)
    _write_manifest(index_dir, {key: _fingerprint(docs) for key, docs in grouped.items() if docs})
    return folder


def update(library: Library, index_dir: str) -> list[str]:
    """Re-index only the items whose documents changed since the last build or update; return their keys."""
    known = _read_manifest(index_dir)
    if not search.index_exists(index_dir) or known is None:  # no index, or one built under another schema
        build(library, index_dir)
        return ["(full build)"]
    grouped = {key: docs for key, docs in documents_by_item(library.items.values()).items() if docs}
    changed = [key for key, docs in grouped.items() if known.get(key) != _fingerprint(docs)]
    removed = [key for key in known if key not in grouped]
    for key in changed:
        search.update_item(index_dir, key, grouped[key])
    for key in removed:
        search.update_item(index_dir, key, [])
    _write_manifest(index_dir, {key: _fingerprint(docs) for key, docs in grouped.items()})
    search.recheck_now(index_dir)  # this process's searches see the change at once, not within seconds
    return sorted(changed + removed)


def _fingerprint(documents: list) -> str:
    payload = json.dumps([asdict(doc) for doc in documents], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _read_manifest(index_dir: str) -> dict[str, str] | None:
    """Return the fingerprint of each indexed item, or None when the index was built under another schema."""
    try:
        manifest = json.loads((Path(index_dir) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("schema") != search.SCHEMA_VERSION:
        return None
    return manifest.get("items", {})


def _write_manifest(index_dir: str, manifest: dict[str, str]) -> None:
    payload = {"schema": search.SCHEMA_VERSION, "items": manifest}
    search.write_manifest(index_dir, json.dumps(payload, sort_keys=True))


def init_app(app: Flask) -> None:
    """Build the index on start when there is none or it was built under another schema.

    A failure leaves every other page working.
    """
    app.extensions["search_synonyms"] = synonyms_of(app.extensions["library"])
    index_dir = app.config["SEARCH_INDEX_DIR"]
    current = search.index_exists(index_dir) and _read_manifest(index_dir) is not None
    if app.config.get("SEARCH_BUILD_ON_START", True) and not current:
        try:
            build(app.extensions["library"], index_dir)
        except Exception:  # search is optional for every other page
            log.exception("could not build the search index at start")
