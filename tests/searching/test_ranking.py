"""The block-at-a-time ranking gives exactly Whoosh's own ranking, so the speed-up changes no result."""

from __future__ import annotations

import random

import pytest
from whoosh.qparser import AndGroup, OrGroup
from whoosh.query import Term

from search import Document, build_index, ranking, search, update_item
from search.analysis import LANGUAGES
from search.query import FAVOUR_FACTOR, _allowed_docs, _filter, _query
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
                kind=("material", "guide")[number % 4 // 2],
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
    with current_searcher(root) as found:
        assert len(found.leaf_searchers()) > 1 and any(
            leaf.reader().has_deletions() for leaf, _ in found.leaf_searchers()
        )
        yield found


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


@pytest.mark.parametrize("text, group", [("victima protecție", AndGroup), ('"asistentul social"', AndGroup)])
def test_favoured_kind_is_whoosh_score_times_the_factor(searcher, text, group):
    query = _query(text, ("ro",), "ro", group)
    allowed = _allowed_docs(searcher, _filter(frozenset({"public"}), ("ro",), None, None))
    materials = set(searcher.docs_for_query(Term("kind", "material")))
    whoosh = searcher.search(query, filter=allowed, limit=None).top_n
    scaled = [((score * 3.0 if number in materials else score), number) for score, number in whoosh]
    expected = sorted(scaled, key=lambda pair: (-pair[0], pair[1]))
    mine = ranking.rank(searcher, query, allowed) or whoosh
    favoured = ranking.favour(mine, materials, 3.0)
    assert FAVOUR_FACTOR == 3.0
    assert [number for _, number in favoured] == [number for _, number in expected]
    assert all(abs(a - b) < 1e-9 for (a, _), (b, _) in zip(favoured, expected, strict=True))
    assert {number for _, number in favoured[:5]} <= materials  # materials lead once favoured


def _doc(name: str, kind: str, title: str, body: str) -> Document:
    return Document(f"{name}#", f"{name}@en", kind, "en", "public", title, "", body, f"/en/{name}")


def test_material_comes_before_a_guide_that_scores_higher_for_an_anonymous_visitor(tmp_path):
    root = tmp_path / "index"
    build_index(
        [
            _doc("guides/g/beating", "guide", "When a husband beats his wife", "beats beats beats husband"),
            _doc("materials/help", "material", "Where to get help", "if your husband beats you, call"),
            _doc("materials/other", "material", "Unrelated", "nothing about that here at all"),
        ],
        root,
    )
    plain = search(str(root), "husband beats", "en", frozenset({"public"}))
    favoured = search(str(root), "husband beats", "en", frozenset({"public"}), favour_kind="material")
    assert [hit.url for hit in plain.hits] == ["/en/guides/g/beating", "/en/materials/help"]
    assert [hit.url for hit in favoured.hits] == ["/en/materials/help", "/en/guides/g/beating"]
    assert favoured.total == plain.total == 2
