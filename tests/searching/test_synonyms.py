"""Search synonyms: everyday phrasings reach the page written for them; the file is checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_relevance import top_items

import search
from portal.content.synonyms import load_synonyms
from search import Document, Synonyms, build_index
from search.analysis import stemming_analyzer

PUBLIC = frozenset({"public"})
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "lang, query, material",
    [
        ("ro", "ma bate sotul", "materials/what-is-domestic-violence"),
        ("ro", "sotul imi citeste mesajele", "materials/online-abuse"),
        ("ro", "am fost violată ce fac", "materials/after-sexual-violence"),
        ("ru", "что делать если муж бьет", "materials/what-is-domestic-violence"),
        ("ru", "муж следит за телефоном", "materials/online-abuse"),
        ("ru", "меня изнасиловали", "materials/after-sexual-violence"),
        ("uk", "мене зґвалтували", "materials/after-sexual-violence"),
        ("uk", "чоловік стежить за телефоном", "materials/online-abuse"),
        ("uk", "чоловік бє що робити", "materials/what-is-domestic-violence"),
        ("en", "stalking on my phone", "materials/online-abuse"),
        ("en", "i was raped what do i do", "materials/after-sexual-violence"),
        ("en", "my husband hits me", "materials/what-is-domestic-violence"),
    ],
)
def test_everyday_phrasing_finds_the_material_only_with_the_synonyms(real_index, lang, query, material):
    assert material in top_items(real_index, query, lang, PUBLIC)
    assert material not in top_items(real_index, query, lang, PUBLIC, synonyms=False)


def test_every_meaning_is_in_words_the_pages_use(real_index):
    """A rule whose "what the pages say" no page of that language contains would find nothing."""
    library_synonyms, problems = load_synonyms(ROOT / "content")
    assert problems == []
    assert set(library_synonyms.synonyms) == {"ro", "ru", "uk", "en"}
    with search.store.current_searcher(real_index.root) as searcher:
        reader = searcher.reader()
        missing = []
        for lang, meanings in library_synonyms.synonyms.items():
            for means in meanings:
                for token in stemming_analyzer(lang)(means):
                    fields = (f"title_{lang}", f"body_{lang}")
                    if not any((field, token.text.encode("utf-8")) in reader for field in fields):
                        missing.append(f"{lang}: {means!r} ({token.text})")
    assert missing == []


RULES = Synonyms(
    {
        "ro": {"violență sexuală": ["violată", "m-a forțat"]},
        "ru": {"насилие в интернете": ["следит за телефоном"]},
    },
    {"ro": ["ce fac"], "ru": ["что делать"]},
)


def test_rules_match_without_diacritics_in_any_order_with_words_between():
    assert RULES.expand("ro", "am fost violata ce fac").text == "violență sexuală"
    assert RULES.expand("ro", "Violată") is not None
    assert RULES.expand("ru", "муж следит за моим телефоном").text == "муж насилие в интернете"
    assert RULES.expand("ru", "телефоном следит").text == "насилие в интернете"


def test_rules_leave_other_queries_and_phrases_alone():
    assert RULES.expand("ro", "ordin de protectie") is None
    assert RULES.expand("ro", '"am fost violata"') is None  # a phrase is searched as typed
    assert RULES.expand("ro", "ce fac") is None  # filler alone: nothing else to search
    assert RULES.expand("en", "violată") is None  # rules are per language


def test_a_rule_adds_results_and_never_hides_the_typed_words_results(tmp_path):
    build_index(
        [
            Document(
                "a#", "a@ro", "material", "ro", "public", "Violența sexuală", "", "primele ore", "/ro/a"
            ),
            Document("b#", "b@ro", "guide", "ro", "public", "Ghid", "", "victima violată declară", "/ro/b"),
        ],
        tmp_path / "index",
    )
    plain = search.search(str(tmp_path / "index"), "violată", "ro", PUBLIC)
    expanded = search.search(str(tmp_path / "index"), "violată", "ro", PUBLIC, synonyms=RULES)
    assert [hit.url for hit in plain.hits] == ["/ro/b"]
    assert sorted(hit.url for hit in expanded.hits) == ["/ro/a", "/ro/b"]


def test_the_synonyms_file_is_checked_line_by_line(tmp_path):
    (tmp_path / "search-synonyms.yml").write_text(
        "ro:\n"
        "  synonyms:\n"
        "    violență fizică: [bate, lovește]\n"
        "    violență sexuală: [violată, bate]\n"
        "    ordonanța de protecție: ordin\n"
        "xx:\n"
        "  filler: [ce fac]\n"
        "ru:\n"
        "  words: [бьет]\n",
        encoding="utf-8",
    )
    loaded, problems = load_synonyms(tmp_path)
    found = [(p.line, p.message) for p in problems]
    assert found == [
        (4, "'ro': 'bate' is listed twice (also under 'violență fizică')"),
        (5, "'ro': 'ordonanța de protecție' needs a list of at least one phrasing"),
        (6, "unknown language 'xx' (expected one of ro, ru, uk, en)"),
        (8, "'ru' must hold 'synonyms' (a mapping) and 'filler' (a list) only"),
    ]
    assert loaded.synonyms["ro"] == {"violență fizică": ("bate", "lovește"), "violență sexuală": ("violată",)}
    assert all(p.path == "search-synonyms.yml" for p in problems)


def test_content_check_reports_a_broken_synonyms_file(tmp_path):
    from portal.cli import check_content

    content = tmp_path / "content"
    content.mkdir()
    for name in ("hotlines.yml", "services.yml", "agencies.yml", "competencies.yml"):
        (content / name).write_text((ROOT / "tests" / "corpus" / name).read_text(encoding="utf-8"), "utf-8")
    (content / "search-synonyms.yml").write_text("ro: [bate\n", encoding="utf-8")
    lines, passes = check_content(content, strict=False)
    assert not passes
    assert any(
        line.endswith("search-synonyms.yml:2: error: bad YAML: did not find expected ',' or ']'")
        for line in lines
    )
