"""Ranking plain-word queries: Whoosh's own BM25F scores, computed a postings block at a time.

Whoosh scores one match at a time through a tree of Python matchers and a collector, which costs about
20 µs per match. A common word matches most sections of its language, so one-word queries spent nearly all
their time there. For the queries the search box makes from words without quotes (terms joined by And and
Or, with boosts) this module reads each term's postings in whole blocks and computes the same BM25F score
with the same formula and statistics, then orders matches as Whoosh does (score descending, then document
number). Any other query (a phrase, say) gives None and the caller asks Whoosh's searcher; a test checks
that both give the same ranking.

`favour` then multiplies the scores of one group of documents (the public materials, for an anonymous
visitor) by a constant and orders again by the same rule, whichever of the two computed the scores.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, Or, Query, Term
from whoosh.scoring import BM25F, bm25

Scores = dict[int, float]


def rank(searcher, query: Query, allowed: set[int]) -> list[tuple[float, int]] | None:
    """Return (score, docnum) for every match in `allowed`, best first, or None if not plain words."""
    if type(searcher.weighting) is not BM25F:
        return None
    scores = _scores(searcher, query)
    if scores is None:
        return None
    ranked = sorted((-score, number) for number, score in scores.items() if number in allowed)
    return [(-negated, number) for negated, number in ranked]


def favour(ranked: list[tuple[float, int]], favoured: set[int], factor: float) -> list[tuple[float, int]]:
    """Return `ranked` with the scores of `favoured` documents times `factor`, best first again."""
    if factor == 1.0 or not favoured:
        return ranked
    scaled = sorted((-score * factor if number in favoured else -score, number) for score, number in ranked)
    return [(-negated, number) for negated, number in scaled]


def _scores(searcher, query: Query) -> Scores | None:
    kind = type(query)
    if kind is Term:
        scores = _term_scores(searcher, query.fieldname, query.text)
    elif kind is And or (kind is Or and not query.scale and not query.minmatch):
        parts = [_scores(searcher, sub) for sub in query.subqueries]
        if not parts or any(part is None for part in parts):
            return None
        scores = _all_of(parts) if kind is And else _any_of(parts)
    else:
        return None
    if scores is not None and query.boost != 1.0:
        scores = {number: score * query.boost for number, score in scores.items()}
    return scores


def _all_of(parts: list[Scores]) -> Scores:
    smallest = min(parts, key=len)
    return {
        number: sum(part[number] for part in parts)
        for number in smallest
        if all(number in part for part in parts)
    }


def _any_of(parts: list[Scores]) -> Scores:
    merged = dict(parts[0])
    for part in parts[1:]:
        for number, score in part.items():
            merged[number] = merged.get(number, 0.0) + score
    return merged


def _term_scores(searcher, fieldname: str, text) -> Scores | None:
    field = searcher.schema[fieldname] if fieldname in searcher.schema else None
    if field is None or not field.scorable:
        return None
    term = (fieldname, field.to_bytes(text))
    weighting = searcher.weighting
    b, k1 = weighting._field_B.get(fieldname, weighting.B), weighting.K1
    idf = searcher.idf(*term)
    average = searcher.avg_field_length(fieldname) or 1
    scores: Scores = {}
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if term not in reader:
            continue
        numbers, weights = _postings(reader.postings(*term))
        deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        lengths = _field_lengths(reader, fieldname)
        for number, weight in zip(numbers, weights, strict=True):
            if number in deleted:
                continue
            length = lengths.get(number)
            if length is None:
                length = lengths[number] = reader.doc_field_length(number, fieldname, 1)
            scores[offset + number] = bm25(idf, weight, length, average, b, k1)
    return scores


_lengths_cache: WeakKeyDictionary = WeakKeyDictionary()  # segment reader -> field -> docnum -> length


def _field_lengths(reader, fieldname: str) -> dict[int, int]:
    """Return the remembered field lengths of a segment's documents, as Whoosh's scorer reads them.

    Reading a length from the index costs about as much as scoring; each is read once per segment and field,
    and forgotten with the segment's reader.
    """
    return _lengths_cache.setdefault(reader, {}).setdefault(fieldname, {})


def _postings(matcher) -> tuple[list[int], list[float]]:
    """Return a segment's document numbers and weights for one term, reading whole blocks where possible."""
    if isinstance(matcher, FilterMatcher):  # deletions: the caller drops deleted documents itself
        matcher = matcher.child
    numbers: list[int] = []
    weights: list[float] = []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            numbers.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
        return numbers, weights
    while matcher.is_active():  # any other codec: one posting at a time, through the public interface
        numbers.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return numbers, weights
