"""One term per thing: no content file uses a term retired in its language (content/retired-terms.yml)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from portal.content.hashing import body_of
from portal.content.render import render

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
DATA = CONTENT / "retired-terms.yml"
LANGS = ("ro", "ru", "uk", "en")
_LANG_SUFFIX = re.compile(r"\.(ro|ru|uk|en)\.(md|ya?ml)$")
_LETTER = r"[^\W\d_]"
_GAP = r"[\s*]*\s[\s*]*"  # white space, perhaps with Markdown emphasis around it
_CEDILLA = str.maketrans("şŞţŢ", "șȘțȚ")

# The retired forms issue 15 names, written out, so that deleting an entry from the data file fails.
NAMED_IN_ISSUE = {
    "uk": [
        "охоронний припис",
        "охоронного припису",
        "охоронні приписи",
        "термінове заборонне розпорядження",
        "термінового заборонного розпорядження",
        "термінове розпорядження",
        "подати скаргу",
        "Допомога не залежить від скарги",
        "Зібрана сумка",
        "від одних дверей до інших",
    ],
    "ru": [
        "Собранная сумка",
        "насилие становится тяжелее",
        "нужно звонить **112** и сказать",
        "его дословные слова",
        "Первая часть следует главе IV",
        "от одной двери к другой",
    ],
    "ro": [
        "violență în bază de gen",
        "victimele violenței în bază de gen",
        "Agenția Națională pentru Prevenirea și Combaterea Violenței față de Femei și a Violenței în Familie",
        "Raportul de evaluare de referință GREVIO",
        "trebuie sună la **112** și spune",
    ],
}
# The terms to use instead, and ordinary words near the retired ones: none of them may be caught.
ALLOWED = {
    "uk": [
        "захисний припис",
        "терміновий заборонний припис",
        "термінового заборонного припису",
        "заява до поліції",
        "подати заяву до поліції",
        "Тривожна сумка",
        "правоохоронні органи",
        "з кабінету в кабінет",
        "Національне агентство із запобігання та протидії насильству щодо жінок і насильству в сім’ї",
    ],
    "ru": [
        "экстренное запретительное предписание",
        "защитное предписание",
        "Тревожная сумка",
        "нужно сразу позвонить по номеру **112** и сказать",
        "Научите детей звонить 112 и называть адрес",
        "он будет знать, что нужно звонить 112 или ехать за вами",
        "Конвенция Совета Европы о предотвращении и борьбе с насилием в отношении женщин и домашним насилием",
        "точные слова угроз",
        "усиление насилия",
        "из одного учреждения в другое",
        "базовый оценочный доклад",
        "Национальное агентство по предупреждению и борьбе с насилием в отношении женщин и насилием в семье",
    ],
    "ro": [
        "violență bazată pe gen",
        "evaluare de bază",
        "Raportul de evaluare de bază GREVIO",
        "trebuie să sune imediat la **112** și să spună",
        "Sună imediat la **112** și spune",
        "Agenția Națională pentru Prevenirea și Combaterea Violenței împotriva Femeilor "
        "și a Violenței în Familie",
        "identitate de gen",
        "document de referință",
        "Programul național de prevenire și combatere a violenței față de femei",
    ],
}


@cache
def retired() -> dict[str, tuple[tuple[str, str, re.Pattern], ...]]:
    """Each language's retired terms: (term, replacement, compiled pattern)."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {
        lang: tuple((e["retired"], e["use"], pattern(e["retired"])) for e in data.get(lang) or ())
        for lang in LANGS
    }


def pattern(term: str) -> re.Pattern:
    """A retired term as a pattern: at a word's start, `*` = any ending, gaps = any white space."""
    words = []
    for word in term.translate(_CEDILLA).split():
        stem = word.endswith("*")
        word = re.escape(word.rstrip("*"))
        words.append(word + (r"\w*" if stem else rf"(?!{_LETTER})"))
    return re.compile(rf"(?<!{_LETTER})" + _GAP.join(words), re.I)


def hits(text: str, lang: str) -> list[tuple[int, str, str]]:
    """(line, retired term, replacement) for every retired term of `lang` in `text`."""
    text = text.translate(_CEDILLA)
    found = []
    for term, use, rx in retired()[lang]:
        for match in rx.finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1, term, use))
    return sorted(found)


SYNONYMS = CONTENT / "search-synonyms.yml"


def content_files() -> list[Path]:
    files = [p for p in CONTENT.rglob("*") if p.is_file() and p.suffix in (".md", ".yml", ".yaml")]
    # The search synonyms list the words visitors really type, retired ones included, so that they still find
    # the page that uses the right term: nobody reads that file.
    return sorted(p for p in files if p not in (DATA, SYNONYMS))


def languages_of(path: Path) -> tuple[str, ...]:
    """A file's language from its suffix; the multilingual data files are checked against every language."""
    match = _LANG_SUFFIX.search(path.name)
    return (match.group(1),) if match else LANGS


def problems_in(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(ROOT).as_posix()
    return [
        f"{name}:{line}: retired {lang} term «{term}»: use «{use}»"
        for lang in languages_of(path)
        for line, term, use in hits(text, lang)
    ]


def test_the_data_file_lists_retired_terms_with_their_replacement():
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    assert set(data) <= set(LANGS)
    for lang, entries in data.items():
        assert entries, lang
        for entry in entries:
            assert set(entry) == {"retired", "use"}, entry
            assert isinstance(entry["retired"], str) and entry["retired"].strip(), entry
            assert isinstance(entry["use"], str) and entry["use"].strip(), entry
            assert not hits(entry["use"], lang), f"the replacement for «{entry['retired']}» is itself retired"


@pytest.mark.parametrize("lang", sorted(NAMED_IN_ISSUE))
def test_the_data_file_retires_every_term_the_issue_names(lang):
    missed = [phrase for phrase in NAMED_IN_ISSUE[lang] if not hits(phrase, lang)]
    assert not missed, f"content/retired-terms.yml no longer retires these {lang} forms: {missed}"


@pytest.mark.parametrize("lang", sorted(ALLOWED))
def test_the_terms_to_use_and_ordinary_words_are_not_caught(lang):
    caught = {phrase: hits(phrase, lang) for phrase in ALLOWED[lang]}
    assert not {p: h for p, h in caught.items() if h}


def test_a_match_is_reported_with_its_line_across_line_breaks_and_emphasis():
    text = "Titlu\n\nVictimele violenței în bază\nde gen.\n\nSună la **112** și spune.\n"
    assert [(line, term) for line, term, _ in hits(text, "ro")] == [
        (3, "în bază de gen"),
        (6, "sună la 112 și spune"),
    ]
    assert hits("ОХОРОННИМ ПРИПИСОМ", "uk") and not hits("правоохоронним органам", "uk")


@pytest.mark.parametrize("path", content_files(), ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_no_content_file_uses_a_retired_term(path):
    problems = problems_in(path)
    assert not problems, "\n".join(problems)


UK_ORDERS = {
    "ordin de restricție de urgență": re.compile(r"терміно\w+ заборонн\w+ припис", re.I),
    "ordonanță de protecție": re.compile(r"захисн\w+ припис", re.I),
}


@pytest.mark.parametrize(
    "path", sorted(CONTENT.rglob("*.uk.md")), ids=lambda p: p.relative_to(CONTENT).as_posix()
)
def test_ukrainian_pages_give_the_romanian_term_in_italics_with_its_language_at_first_mention(path):
    body = body_of(path.read_text(encoding="utf-8"))
    html = render(body, "uk").html
    for romanian, rx in UK_ORDERS.items():
        lines = [line for line in body.splitlines() if rx.search(line) and not line.lstrip().startswith("#")]
        if not lines:
            continue
        assert f"*{romanian}*{{lang=ro}}" in lines[0], (
            f"{path.name}: first mention without *{romanian}*{{lang=ro}}"
        )
        assert f'<em lang="ro">{romanian}</em>' in html, f'{path.name}: lang="ro" lost in rendering'
