"""Querying: all words first, any word as a fallback, phrases, field boosts, facets, snippets, suggestions.

Every count, facet, snippet and suggestion is computed under the searcher's access filter, so a document
outside the visible audiences never influences what the searcher sees.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from itertools import chain

from whoosh import highlight
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup, plugins
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Results as WhooshResults

from search import ranking
from search.analysis import LANGUAGES
from search.store import SearchUnavailable, current_searcher
from search.suggestions import suggest
from search.synonyms import Synonyms

MAX_QUERY_CHARS = 500
MAX_TERMS = 24
PAGE_SIZE = 10
# How much a section of the favoured kind (the public materials, for an anonymous visitor) outweighs others:
# enough that a material on the visitor's words comes before a guide section for social workers on them,
# not so much that a material mentioning a word once buries the guide section about it.
FAVOUR_FACTOR = 3.0
_SAFE = re.compile(r"[^\w\s\"'’-]+")


@dataclass(frozen=True)
class Hit:
    """One result: a section of an item."""

    title: str
    heading: str
    url: str
    kind: str
    lang: str
    snippet: str  # HTML: escaped text with <mark> around matched words
    articles: tuple[int, ...] = ()  # the Convention articles the section's item covers


@dataclass(frozen=True)
class Results:
    """A page of results with counts and facets over everything the searcher may see."""

    hits: tuple[Hit, ...]
    total: int
    page: int
    pages: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    fallback: bool = False


class _MarkFormatter(highlight.HtmlFormatter):
    """Wrap matches in <mark>, escaping all text."""

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"


def clean_query(text: str) -> str:
    """Bound the query: no operators beyond phrases, at most MAX_TERMS words and MAX_QUERY_CHARS chars."""
    text = _SAFE.sub(" ", (text or "")[:MAX_QUERY_CHARS])
    if text.count('"') % 2:
        text = text.replace('"', " ")
    kept = text.split()[:MAX_TERMS]
    return " ".join(word for word in kept if word.upper() not in ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"))


def _parser(lang: str, group) -> MultifieldParser:
    fields = [f"title_{lang}", f"body_{lang}"]
    parser = MultifieldParser(fields, schema=_SCHEMA, group=group)
    for plugin in (
        plugins.WildcardPlugin,
        plugins.FuzzyTermPlugin,
        plugins.RegexPlugin,
        plugins.RangePlugin,
        plugins.BoostPlugin,
        plugins.FieldsPlugin,
        plugins.OperatorsPlugin,
        plugins.GroupPlugin,
        plugins.PlusMinusPlugin,
    ):
        parser.remove_plugin_class(plugin)
    return parser


def _query(text: str, languages: tuple[str, ...], own: str, group, synonyms: Synonyms | None = None) -> Query:
    parts = []
    for lang in languages:
        parsed = _parser(lang, group).parse(text)
        expansion = synonyms.expand(lang, text) if synonyms else None
        if expansion:  # the typed words, or the content's words for what the rules recognised
            parsed = Or([parsed, _parser(lang, group).parse(expansion.text)])
        if lang == own and len(languages) > 1:
            parsed = parsed.with_boost(10.0)  # the visitor's language first
        parts.append(parsed)
    return Or(parts) if len(parts) > 1 else parts[0]


def _filter(
    audiences: frozenset[str], languages: tuple[str, ...], kind: str | None, article: int | None
) -> Query:
    terms = [
        Or([Term("audience", a) for a in sorted(audiences)]),
        Or([Term("lang", lang) for lang in languages]),
    ]
    if kind:
        terms.append(Term("kind", kind))
    if article:
        terms.append(Term("articles", str(article)))
    return And(terms)


def search(
    root: str,
    text: str,
    lang: str,
    audiences: frozenset[str],
    all_languages: bool = False,
    kind: str | None = None,
    article: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    favour_kind: str | None = None,
    synonyms: Synonyms | None = None,
) -> Results:
    """Search the current index as a searcher who may see `audiences`, sections of `favour_kind` first."""
    cleaned = clean_query(text)
    languages = LANGUAGES if all_languages else (lang,)
    if not cleaned or not audiences:
        return Results((), 0, 1, 0)
    try:
        with current_searcher(root) as searcher:
            visible = _filter(audiences, languages, None, None)
            query, fallback = _query(cleaned, languages, lang, AndGroup, synonyms), False
            ranked = _ranked(searcher, query, visible, favour_kind)
            if not ranked and len(cleaned.split()) > 1:
                query, fallback = _query(cleaned, languages, lang, OrGroup, synonyms), True
                ranked = _ranked(searcher, query, visible, favour_kind)
            facets = _facets(searcher, [number for _, number in ranked])
            chosen = ranked
            if kind or article:
                allowed = _allowed_docs(searcher, _filter(audiences, languages, kind, article))
                chosen = [(score, number) for score, number in ranked if number in allowed]
            total = len(chosen)
            pages = math.ceil(total / page_size)
            page = min(max(1, page), max(1, pages))
            start = (page - 1) * page_size
            hits = _page_hits(searcher, query, chosen[start : start + page_size], start)
            suggestion = None
            if total == 0 or fallback:
                recognised = _recognised(synonyms, languages, cleaned)
                suggestion = suggest(
                    searcher, cleaned, languages, _allowed_docs(searcher, visible), recognised
                )
    except SearchUnavailable:
        raise
    except Exception as error:  # a damaged index must not become a 500
        raise SearchUnavailable(str(error)) from error
    return Results(hits, total, page, pages, facets, suggestion, fallback)


def _recognised(synonyms: Synonyms | None, languages: tuple[str, ...], text: str) -> frozenset[str]:
    """Return the typed words a synonym rule knows: no "did you mean" for them."""
    expansions = [synonyms.expand(lang, text) for lang in languages] if synonyms else []
    return frozenset().union(*(found.recognised for found in expansions if found))


def _ranked(
    searcher, query: Query, visible: Query, favour_kind: str | None = None
) -> list[tuple[float, int]]:
    """Score every visible match, best first, as (score, docnum): it gives the total, facets and the page."""
    allowed = _allowed_docs(searcher, visible)
    ranked = ranking.rank(searcher, query, allowed)
    if ranked is None:  # phrases: Whoosh's own matchers
        ranked = searcher.search(query, filter=allowed, limit=None).top_n
    if favour_kind:
        ranked = ranking.favour(ranked, _allowed_docs(searcher, Term("kind", favour_kind)), FAVOUR_FACTOR)
    return ranked


def _page_hits(searcher, query: Query, page: list[tuple[float, int]], start: int) -> tuple[Hit, ...]:
    """Turn one page of (score, docnum) into hits with pinpoint snippets.

    Whoosh's snippets need the terms each document matched and their character spans; recording terms during
    the search costs time for every match, so both are read here, in one pass over each query term's postings,
    for the page's few documents only.
    """
    reader = searcher.reader()
    numbers = sorted(number for _, number in page)
    docterms: dict[int, list] = {number: [] for number in numbers}
    termdocs: dict[tuple, list[int]] = {}
    spans: dict[str, dict[int, dict[str, list]]] = {}  # field -> docnum -> word -> [(pos, start, end)]
    for fieldname, text in set(query.iter_all_terms(phrases=True)):
        if not fieldname.startswith("body_"):
            continue
        term = (fieldname, searcher.schema[fieldname].to_bytes(text))
        if term not in reader:
            continue
        by_doc = spans.setdefault(fieldname, {number: {} for number in numbers})
        postings = searcher.postings(*term)
        for number in numbers:
            if postings.is_active() and postings.id() < number:
                postings.skip_to(number)
            if postings.is_active() and postings.id() == number:
                docterms[number].append(term)
                termdocs.setdefault(term, []).append(number)
                by_doc[number][text] = postings.value_as("characters")
    shown = WhooshResults(searcher, query, list(page), docset=set(numbers))
    shown.docterms, shown.termdocs = docterms, termdocs
    shown._char_cache = spans  # read by Whoosh's highlighter instead of loading the spans again
    shown.formatter = _MarkFormatter()
    shown.fragmenter = highlight.PinpointFragmenter(maxchars=220, surround=70, autotrim=True)
    return tuple(
        _hit(WhooshHit(shown, number, start + offset, score)) for offset, (score, number) in enumerate(page)
    )


_filter_cache: dict[tuple[int, Query], tuple[object, set[int]]] = {}


def _allowed_docs(searcher, allowed: Query) -> set[int]:
    """Return the documents a filter allows, computed once per index generation and filter."""
    reader = searcher.reader()
    key = (id(reader), allowed)
    cached = _filter_cache.get(key)
    if cached and cached[0] is reader:
        return cached[1]
    docs = set(searcher.docs_for_query(allowed))
    if len(_filter_cache) > 64:
        _filter_cache.clear()
    _filter_cache[key] = (reader, docs)
    return docs


_facet_cache: dict[int, tuple[object, dict[int, tuple[str, tuple[str, ...]]]]] = {}


def _facet_values(searcher) -> dict[int, tuple[str, tuple[str, ...]]]:
    """Return kind and articles for every document, read once per index generation."""
    reader = searcher.reader()
    cached = _facet_cache.get(id(reader))
    if cached and cached[0] is reader:
        return cached[1]
    values = {
        number: (fields.get("kind", ""), tuple(a for a in fields.get("articles", "").split(",") if a))
        for number, fields in reader.iter_docs()
    }
    _facet_cache.clear()
    _facet_cache[id(reader)] = (reader, values)
    return values


def _facets(searcher, docs: list[int]) -> dict[str, dict[str, int]]:
    values = _facet_values(searcher)
    found = [values.get(number, ("", ())) for number in docs]
    kinds = Counter(kind for kind, _ in found)
    articles = Counter(chain.from_iterable(numbers for _, numbers in found))
    return {
        "kind": dict(kinds.most_common()),
        "article": dict(sorted(articles.items(), key=lambda item: int(item[0]))),
    }


def _hit(hit) -> Hit:
    body_field = f"body_{hit['lang']}"
    fragments = hit.highlights(body_field, top=2) if hit.get(body_field) else ""
    if not fragments:
        fragments = escape((hit.get(body_field) or "")[:240])
    articles = tuple(int(a) for a in (hit.get("articles") or "").split(",") if a.isdigit())
    return Hit(hit["title"], hit["heading"], hit["url"], hit["kind"], hit["lang"], fragments, articles)


def _schema():
    from search.schema import build_schema

    return build_schema()


_SCHEMA = _schema()
