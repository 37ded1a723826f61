"""The block-at-a-time ranking gives exactly Whoosh's own ranking, so the speed-up changes no result."""

from __future__ import annotations

import random

import pytest
from whoosh.qparser import AndGroup, OrGroup

from search import Document, build_index, ranking, update_item
from search.analysis import LANGUAGES
from search.query import _allowed_docs, _filter, _query
from search.store import current_searcher

WORDS = {
    "ro": "victima violență protecție ordonanța instanța poliția asistentul social riscul siguranța "
    "copilul familia agresorul locuința consilierea",
    "en": "victim violence protection order court police social worker risk safety child family abuser "
    "home support",
}


def _corpus(rng: random.Random, count: int, edition: str = "") -> list[Document]:
    docs = []
    for number in range(count):
        lang = ("ro", "en")[number % 2]
        pool = WORDS[lang].split()
        body = " ".join(rng.choice(pool) for _ in range(rng.randint(5, 60))) + edition
        title = " ".join(rng.sample(pool, 2))
        audience = ("public", "public", "specialist")[number % 3]
        docs.append(
            Document(
                id=f"d{number}",
                item_key=f"item{number // 3}@{lang}",
                kind="material",
                lang=lang,
                audience=audience,
                title=title,
                heading="",
                body=body,
                url=f"/{lang}/d{number}",
            )
        )
    return docs


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """An index of several postings blocks per word, two segments and deleted documents."""
    rng = random.Random(11)
    root = tmp_path_factory.mktemp("ranking") / "index"
    docs = _corpus(rng, 900)
    build_index(docs, root)
    changed = [d for d in docs if d.item_key == "item4@en"]
    update_item(
        root, "item4@en", [Document(**{**d.__dict__, "body": d.body + " protection"}) for d in changed]
    )
    found = current_searcher(root)
    assert len(found.leaf_searchers()) > 1 and any(
        leaf.reader().has_deletions() for leaf, _ in found.leaf_searchers()
    )
    return found


@pytest.mark.parametrize(
    "text, lang, languages, group",
    [
        ("violență", "ro", ("ro",), AndGroup),
        ("victima protecție", "ro", ("ro",), AndGroup),
        ("riscul elefant copilul", "ro", ("ro",), OrGroup),
        ("protection", "en", LANGUAGES, AndGroup),
        ("police court", "ro", LANGUAGES, AndGroup),
    ],
)
@pytest.mark.parametrize("audiences", [frozenset({"public"}), frozenset({"public", "specialist"})])
def test_ranking_equals_whoosh_search(searcher, text, lang, languages, group, audiences):
    query = _query(text, languages, lang, group)
    allowed = _allowed_docs(searcher, _filter(audiences, languages, None, None))
    expected = searcher.search(query, filter=allowed, limit=None).top_n
    ranked = ranking.rank(searcher, query, allowed)
    assert len(ranked) == len(expected) > 10
    assert [number for _, number in ranked] == [number for _, number in expected]
    assert all(abs(mine - theirs) < 1e-9 for (mine, _), (theirs, _) in zip(ranked, expected, strict=True))


def test_phrases_are_left_to_whoosh(searcher):
    query = _query('"asistentul social"', ("ro",), "ro", AndGroup)
    assert ranking.rank(searcher, query, set(range(searcher.doc_count_all()))) is None
