"""The search package on its own: analyzers, access filter, bad queries, index lifecycle."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import search
from search import Document, SearchUnavailable, build_index, update_item
from search.analysis import stemming_analyzer

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = frozenset({"public"})
EVERYONE = frozenset({"public", "specialist", "psychologist"})


def doc(
    key: str,
    lang: str,
    title: str,
    body: str,
    audience: str = "public",
    kind: str = "material",
    heading: str = "",
    articles: tuple[int, ...] = (),
) -> Document:
    return Document(
        id=f"{key}@{lang}#{heading}",
        item_key=f"{key}@{lang}",
        kind=kind,
        lang=lang,
        audience=audience,
        title=title,
        heading=heading,
        body=body,
        url=f"/{lang}/{key}",
        articles=articles,
    )


CORPUS = [
    doc(
        "materials/protection-order",
        "ro",
        "Ordonanța de protecție",
        "Instanța decide în 24 de ore asupra ordonanței.",
        articles=(53,),
    ),
    doc(
        "materials/protection-order",
        "ru",
        "Защитное предписание",
        "Суд решает в течение 24 часов о защите.",
        articles=(53,),
    ),
    doc(
        "materials/protection-order",
        "uk",
        "Захисний припис",
        "Суд ухвалює рішення щодо захисту протягом доби.",
        articles=(53,),
    ),
    doc(
        "materials/protection-order",
        "en",
        "The protection order",
        "A court decides within 24 hours.",
        articles=(53,),
    ),
    doc("materials/violence", "uk", "Що таке домашнє насильство", "Насильство буває фізичним і економічним."),
    doc(
        "materials/violence", "ru", "Что такое домашнее насилие", "Насилие бывает физическим и экономическим."
    ),
    doc(
        "guides/x/risk",
        "ro",
        "Evaluarea riscului",
        "Factorii de letalitate includ accesul la arme.",
        kind="guide",
        articles=(51,),
    ),
    doc(
        "trainings/m",
        "ro",
        "Modul intern",
        "Cuvântul secretissimulus apare doar aici.",
        audience="specialist",
        kind="training",
        articles=(77,),
    ),
]


@pytest.fixture
def index_root(tmp_path) -> str:
    build_index(CORPUS, tmp_path / "index")
    return str(tmp_path / "index")


def stems(lang: str, text: str) -> list[str]:
    return [t.text for t in stemming_analyzer(lang)(text)]


def test_search_imports_neither_flask_nor_portal():
    code = (
        "import sys, search; print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'portal')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "variant",
    ["ordonanța de protecție", "ordonanţa de protecţie", "ordonanta de protectie", "ORDONANTA DE PROTECTIE"],
)
def test_romanian_comma_cedilla_and_missing_diacritics_match(variant):
    assert stems("ro", variant) == stems("ro", "ordonanța de protecție")


@pytest.mark.parametrize(
    "inflected, base",
    [("victimei", "victima"), ("violenței", "violența"), ("persoanei", "persoană"), ("Moldovei", "Moldova")],
)
def test_romanian_genitive_dative_meets_the_base_form(inflected, base):
    assert stems("ro", inflected) == stems("ro", base)


def test_russian_folds_yo_and_stems_inflections():
    assert stems("ru", "ещё") == stems("ru", "еще")
    assert stems("ru", "защитного предписания") == stems("ru", "защитное предписание")


def test_ukrainian_lemmatizer_joins_inflected_forms():
    assert stems("uk", "захисту") == stems("uk", "захист")
    assert stems("uk", "насильству") == stems("uk", "насильство")


@pytest.mark.parametrize(
    "lang, query, expected",
    [
        ("ro", "ordonanta protectie", "/ro/materials/protection-order"),
        ("ro", "ordonanţa", "/ro/materials/protection-order"),
        ("ru", "защитного предписания", "/ru/materials/protection-order"),
        ("uk", "захисту", "/uk/materials/protection-order"),
        ("uk", "насильству", "/uk/materials/violence"),
        ("en", "protection orders", "/en/materials/protection-order"),
    ],
)
def test_inflected_and_folded_queries_find_the_item(index_root, lang, query, expected):
    results = search.search(index_root, query, lang, PUBLIC)
    assert results.hits and results.hits[0].url == expected


def test_restricted_word_gives_nothing_to_the_public(index_root):
    hidden = search.search(index_root, "secretissimulus", "ro", PUBLIC)
    assert (hidden.total, hidden.pages, hidden.hits, hidden.suggestion) == (0, 0, (), None)
    assert "77" not in hidden.facets.get("article", {})
    typo = search.search(index_root, "secretissimulos", "ro", PUBLIC)
    assert typo.suggestion is None and typo.total == 0
    broad = search.search(index_root, "cuvântul modul intern arme", "ro", PUBLIC)
    assert "training" not in broad.facets["kind"] and "77" not in broad.facets["article"]
    assert all("secretissimulus" not in hit.snippet for hit in broad.hits)
    seen = search.search(index_root, "secretissimulus", "ro", EVERYONE)
    assert seen.total == 1
    assert search.search(index_root, "secretissimulos", "ro", EVERYONE).suggestion == "secretissimulus"


@pytest.mark.parametrize(
    "typo, lang, suggestion", [("instamta", "ro", "instanța"), ("насилте", "ru", "насилие")]
)
def test_did_you_mean_offers_a_word_as_written_in_the_content(index_root, typo, lang, suggestion):
    results = search.search(index_root, typo, lang, PUBLIC)
    assert results.total == 0 and results.suggestion == suggestion


def test_did_you_mean_picks_the_written_form_closest_to_the_typed_word(tmp_path):
    build_index(
        [
            doc("materials/a", "en", "A", "We protect people. Protect them."),
            doc("materials/b", "en", "B", "The protection order protects."),
        ],
        tmp_path / "index",
    )
    assert search.search(str(tmp_path / "index"), "protecton", "en", PUBLIC).suggestion == "protection"


def test_all_words_first_then_any_word(index_root):
    strict = search.search(index_root, "instanța decide", "ro", PUBLIC)
    assert strict.total == 1 and not strict.fallback
    loose = search.search(index_root, "instanța elefant", "ro", PUBLIC)
    assert loose.total == 1 and loose.fallback


def test_phrases_in_quotes(index_root):
    assert search.search(index_root, '"accesul la arme"', "ro", PUBLIC).total == 1
    assert search.search(index_root, '"arme accesul"', "ro", PUBLIC).total == 0


def test_snippets_are_escaped_and_marked(tmp_path):
    build_index(
        [doc("materials/x", "en", "X", "Use <script>alert(1)</script> never; protection matters.")],
        tmp_path / "i",
    )
    snippet = search.search(str(tmp_path / "i"), "protection", "en", PUBLIC).hits[0].snippet
    assert "<mark>protection</mark>" in snippet and "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_visitor_language_first_when_searching_all_languages(index_root):
    results = search.search(index_root, "24", "ru", PUBLIC, all_languages=True)
    assert results.total >= 3 and results.hits[0].lang == "ru"


def test_facets_count_kind_and_article(index_root):
    results = search.search(index_root, "ordonanța arme", "ro", PUBLIC)
    assert results.facets["kind"] == {"material": 1, "guide": 1}
    assert results.facets["article"] == {"51": 1, "53": 1}
    only = search.search(index_root, "ordonanța arme", "ro", PUBLIC, article=51)
    assert only.total == 1 and only.hits[0].url == "/ro/guides/x/risk"


def test_pagination(tmp_path):
    build_index(
        [doc(f"materials/m{i}", "en", f"Item {i}", "shelter help") for i in range(25)], tmp_path / "i"
    )
    first = search.search(str(tmp_path / "i"), "shelter", "en", PUBLIC, page=1)
    third = search.search(str(tmp_path / "i"), "shelter", "en", PUBLIC, page=3)
    assert (first.total, first.pages, len(first.hits), len(third.hits)) == (25, 3, 10, 5)


ORDER_RO = "/ro/materials/protection-order"


@pytest.mark.parametrize(
    "query, urls",
    [
        ("x" * 10_000, []),
        ("*", []),
        ("a*", []),
        ('"unbalanced', []),
        (" OR ".join(["word"] * 400), []),
        ("\x00\x01\x02 ordonanța", [ORDER_RO]),
        ("((((", []),
        ("title_ro:secretissimulus", []),  # no field syntax: the restricted word stays hidden
        ("ordonanța~2", [ORDER_RO]),
        ("[a TO z]", []),
        ("-", []),
        ("NOT", []),
        ("секрет^100", []),
    ],
)
def test_bad_queries_are_read_as_plain_words(index_root, query, urls):
    results = search.search(index_root, query, "ro", PUBLIC)
    assert [hit.url.split("#")[0] for hit in results.hits] == urls
    assert results.total == len(urls)


def test_update_item_replaces_only_that_item(index_root):
    update_item(
        index_root,
        "materials/protection-order@en",
        [doc("materials/protection-order", "en", "The protection order", "Brand new wording: sanctuary.")],
    )
    from search.store import RECHECK_SECONDS, current_searcher  # noqa: F401

    time.sleep(RECHECK_SECONDS + 0.1)
    assert search.search(index_root, "sanctuary", "en", PUBLIC).total == 1
    assert search.search(index_root, "court decides", "en", PUBLIC).total == 0
    assert search.search(index_root, "instanța", "ro", PUBLIC).total == 1


def test_missing_or_corrupt_index_raises_one_clear_error(tmp_path):
    with pytest.raises(SearchUnavailable):
        search.search(str(tmp_path / "nothing"), "ordonanța", "ro", PUBLIC)
    root = tmp_path / "broken"
    build_index(CORPUS, root)
    for path in (root / "builds").rglob("*.seg"):
        path.write_bytes(b"garbage")
    for path in (root / "builds").rglob("_MAIN_*.toc"):
        path.write_bytes(b"garbage")
    with pytest.raises(SearchUnavailable):
        search.search(str(root), "ordonanța", "ro", PUBLIC)


def test_a_second_writer_waits_then_gets_search_unavailable_not_lockerror(index_root, monkeypatch):
    from search import store

    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.3)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; h = open(sys.argv[1], 'w'); "
            "fcntl.lockf(h, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)",
            str(Path(index_root) / "write.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(SearchUnavailable):
            update_item(index_root, "materials/x@en", [])
    finally:
        holder.kill()
        holder.wait()


BUILD_SLOWLY = r"""
import sys, time
from search import Document, build_index
def docs():
    for i in range(100000):
        if i == 200:
            print("half-way", flush=True)
        yield Document(id=f"d{i}", item_key=f"k{i}", kind="material", lang="en", audience="public", title="t",
                       heading="", body="replacement words " * 20, url=f"/en/{i}")
        time.sleep(0.001)
build_index(docs(), sys.argv[1])
"""


def test_killing_a_build_half_way_leaves_the_previous_index_serving(index_root):
    builder = subprocess.Popen(
        [sys.executable, "-c", BUILD_SLOWLY, index_root],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: whatever the build starts can be found, and ended
    )
    try:
        assert builder.stdout.readline().strip() == "half-way"
        os.kill(builder.pid, signal.SIGKILL)
        builder.wait()
        assert not process_group_alive(builder.pid), "the killed build left processes behind"
    finally:
        if process_group_alive(builder.pid):
            os.killpg(builder.pid, signal.SIGKILL)
        builder.stdout.close()
    results = search.search(index_root, "instanța", "ro", PUBLIC)
    assert results.total == 1
    build_index(CORPUS, index_root)  # the next build still works and clears the leftover folder
    assert len(list((Path(index_root) / "builds").iterdir())) <= 2


def process_group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_another_process_sees_a_new_index_within_seconds(index_root):
    assert search.search(index_root, "instanța", "ro", PUBLIC).total == 1
    code = (
        "import sys; from search import Document, build_index; "
        "build_index([Document(id='n', item_key='n@ro', kind='material', lang='ro', audience='public', "
        "title='Nou', heading='', body='cuvantnou', url='/ro/n')], sys.argv[1])"
    )
    subprocess.run([sys.executable, "-c", code, index_root], cwd=ROOT, check=True, timeout=60)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if search.search(index_root, "cuvantnou", "ro", PUBLIC).total == 1:
            break
        time.sleep(0.2)
    assert search.search(index_root, "cuvantnou", "ro", PUBLIC).total == 1
