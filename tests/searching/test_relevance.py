"""Relevance on the real content: each query's expected item in the top 3 (hit@3), per language."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from portal.searching.service import SearchRequest, run_search

AUDIENCES = {
    "public": frozenset({"public"}),
    "specialist": frozenset({"public", "specialist"}),
    "psychologist": frozenset({"public", "specialist", "psychologist"}),
}


def relevance_set() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in (Path(__file__).parent / "relevance.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(part.strip() for part in line.split("|")))
    return rows


def top_items(index, query: str, lang: str, audiences: frozenset[str], synonyms: bool = True) -> list[str]:
    """Return the first three items the portal's search shows (synonyms, materials first for visitors)."""
    keys: list[str] = []
    wanted = SearchRequest(query, lang, audiences)
    found = run_search(index.root, wanted, index.synonyms if synonyms else None)
    for hit in found.hits:
        key = hit.url.split("#")[0].split("/", 2)[2]
        if key not in keys:
            keys.append(key)
    return keys[:3]


def test_hit_at_3_is_at_least_0_95_overall_and_0_9_in_every_language(real_index, capsys):
    rows = relevance_set()
    per_language = {lang: sum(1 for row in rows if row[0] == lang) for lang in ("ro", "ru", "uk", "en")}
    assert min(per_language.values()) >= 30, per_language
    found: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for lang, query, expected, who in rows:
        top = top_items(real_index, query, lang, AUDIENCES[who])
        found[lang].append(expected in top)
        if expected not in top:
            misses.append(f"{lang} {query!r}: expected {expected}, got {top}")
    with capsys.disabled():
        for lang in ("ro", "ru", "uk", "en"):
            print(
                f"\nhit@3 {lang}: {sum(found[lang]) / len(found[lang]):.2f} "
                f"({sum(found[lang])}/{len(found[lang])})",
                end="",
            )
        overall = sum(sum(v) for v in found.values()) / len(rows)
        print(f"\nhit@3 overall: {overall:.2f} over {len(rows)} queries; misses: {misses}")
    assert overall >= 0.95, misses
    assert all(sum(found[lang]) / len(found[lang]) >= 0.9 for lang in per_language), misses
