"""What a person in danger needs comes first on home and in listings; the rest in her alphabet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.cli import check_content
from portal.content.collation import sort_key

TESTS = Path(__file__).resolve().parent
LANGS = ("ro", "ru", "uk", "en")
CARD = re.compile(r'<li><a href="([^"]+)">([^<]+)</a>')


def material_cards(html: str) -> list[tuple[str, str]]:
    """Return (href, title) of the material cards, in page order."""
    section = html.split('id="materials-title"', 1)[1].split("</ul>", 1)[0]
    return CARD.findall(section)


@pytest.mark.parametrize("lang", LANGS)
def test_home_opens_with_help_then_safety_plan_then_protection_orders(real_app, lang):
    html = real_app.test_client().get(f"/{lang}/").get_data(as_text=True)
    hrefs = [href for href, _ in material_cards(html)]
    assert hrefs[:4] == [
        f"/{lang}/materials/where-to-get-help",
        f"/{lang}/materials/safety-plan",
        f"/{lang}/materials/emergency-restraining-order",
        f"/{lang}/materials/protection-order",
    ]


def test_ukrainian_listing_follows_the_ukrainian_alphabet(real_app):
    html = real_app.test_client().get("/uk/materials/").get_data(as_text=True)
    titles = [title for _, title in CARD.findall(html.split("<h1>", 1)[1])]
    assert titles == [
        "Де отримати допомогу",
        "Як скласти план безпеки",
        "Терміновий заборонний припис",
        "Захисний припис",
        # the rest alphabetically: І after И (by code point it would come before А), Я last
        "Ваші права",
        "Діти — свідки насильства",
        "Інформація для біженців з України",
        "Насильство в інтернеті та за допомогою технологій",
        "Після сексуального насильства: перші години і куди звернутися",
        "Торгівля людьми та безпечна міграція",
        "Що таке домашнє насильство",
        "Як безпечно читати цей сайт",
    ]


@pytest.mark.parametrize(
    "lang, words, expected",
    [
        # Romanian: ă and â after every a-word, î after i, ș after s, ț after t (ş with a cedilla as ș)
        (
            "ro",
            ["Ță", "ăla", "Sz", "îi", "az", "Știri", "b", "Ta", "iz", "âr", "Sa", "şa"],
            ["az", "ăla", "âr", "b", "iz", "îi", "Sa", "Sz", "şa", "Știri", "Ta", "Ță"],
        ),
        # Ukrainian: ґ after every г-word, є after е, і after и, ї after every і-word, then й
        (
            "uk",
            ["Їжа", "Ґанок", "Йод", "Інший", "Гора", "Єдність", "Ера", "Ящик", "Иній"],
            ["Гора", "Ґанок", "Ера", "Єдність", "Иній", "Інший", "Їжа", "Йод", "Ящик"],
        ),
        # Russian: ё is е with a mark, not a letter after я (by code point Ё would come before А)
        ("ru", ["Яма", "Ель", "Ёж", "Жук", "Абрикос"], ["Абрикос", "Ёж", "Ель", "Жук", "Яма"]),
        (
            "en",
            ["zebra", "Apple", "apricot", "Éclair", "eagle"],
            ["Apple", "apricot", "eagle", "Éclair", "zebra"],
        ),
    ],
)
def test_words_sort_in_the_languages_alphabet(lang, words, expected):
    assert sorted(words, key=lambda w: sort_key(w, lang)) == expected


def write_material(folder: Path, lang: str, extra: str) -> None:
    front = f"---\ntitle: T\nstatus: published\naudience: public\nreviewed: 2026-11-20\nsources: [x]\n{extra}"
    (folder / f"a.{lang}.md").write_text(front + "---\n\nText.\n", encoding="utf-8")


def copy_data_files(root: Path) -> None:
    for name in ("hotlines.yml", "competencies.yml", "services.yml", "agencies.yml"):
        (root / name).write_text((TESTS / "corpus" / name).read_text(encoding="utf-8"), encoding="utf-8")


def test_priority_must_be_a_whole_number(tmp_path):
    copy_data_files(tmp_path)
    (tmp_path / "materials").mkdir()
    write_material(tmp_path / "materials", "ro", "priority: first\n")
    lines, ok = check_content(tmp_path, strict=False)
    assert not ok
    assert any("a.ro.md:7: error: 'priority' must be a whole number from 1 to 999" in line for line in lines)


def test_a_translation_with_another_priority_is_reported(tmp_path):
    from portal.content.hashing import source_hash

    copy_data_files(tmp_path)
    materials = tmp_path / "materials"
    materials.mkdir()
    write_material(materials, "ro", "priority: 10\n")
    write_material(materials, "ru", f"priority: 20\nsource_hash: {source_hash(materials / 'a.ro.md')}\n")
    lines, ok = check_content(tmp_path, strict=False)
    assert not ok
    assert any("a.ru.md:1: error: priority 20 differs from materials/a.ro.md (10)" in line for line in lines)
