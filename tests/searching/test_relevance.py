"""Relevance on the real content: each query's expected item in the top 3 (hit@3), per language."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

import search
from portal.content.library import load_library
from portal.searching.documents import all_documents

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.fixture(scope="module")
def real_index(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("relevance") / "index"
    search.build_index(list(all_documents(load_library(ROOT / "content"))), root)
    return str(root)


def top_items(index: str, query: str, lang: str, audiences: frozenset[str]) -> list[str]:
    keys: list[str] = []
    favour = "material" if audiences == AUDIENCES["public"] else None  # as the portal searches for visitors
    for hit in search.search(index, query, lang, audiences, favour_kind=favour).hits:
        key = hit.url.split("#")[0].split("/", 2)[2]
        if key not in keys:
            keys.append(key)
    return keys[:3]


def test_hit_at_3_is_at_least_0_9(real_index, capsys):
    rows = relevance_set()
    assert len(rows) >= 40 and {lang for lang, *_ in rows} == {"ro", "ru", "uk", "en"}
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
    assert overall >= 0.9, misses
