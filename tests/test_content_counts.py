"""The bundled content has what the portal promises: guide sections, modules, quizzes, materials, matrix."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
import yaml

from portal.content.library import load_library

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "content")


def test_guide_has_at_least_12_sections_in_romanian_and_russian(library):
    for lang in ("ro", "ru"):
        sections = library.children("guides/istanbul-convention", lang)
        assert len(sections) >= 12, lang
        for section in sections:
            assert section.articles and section.competencies, section.path
            assert section.headings[-1].text.lower().startswith(("listă de verificare", "чек-лист")), (
                section.path
            )


def test_every_guide_section_is_written_in_all_four_languages_and_ends_with_its_checklist(library):
    checklist = {
        "ro": "listă de verificare",
        "ru": "чек-лист",
        "uk": "контрольний список",
        "en": "practice checklist",
    }
    romanian = [section.key for section in library.children("guides/istanbul-convention", "ro")]
    for lang, heading in checklist.items():
        sections = library.children("guides/istanbul-convention", lang)
        assert [section.key for section in sections] == romanian, lang
        for section in sections:
            assert section.lang == lang and section.headings[-1].text.lower().startswith(heading), (
                section.path
            )


def test_at_least_10_modules_with_3_lessons_a_case_and_8_questions(library):
    for lang in ("ro", "ru"):
        modules = library.of_kind("module", lang)
        assert len(modules) >= 10, lang
        assert any(m.audience == "psychologist" for m in modules)
        for module in modules:
            children = library.children(module.key, lang)
            assert len([c for c in children if c.type == "lesson"]) >= 3, module.path
            assert [c for c in children if c.type == "case"], module.path
            assert module.outcomes, module.path
            quiz = library.quiz(module.key, lang)
            assert quiz and len(quiz.questions) >= 8, module.path
            assert {q.type for q in quiz.questions} == {"single", "multiple"}, module.path
            outcome_competencies = {o.competency for o in module.outcomes}
            assert {q.competency for q in quiz.questions} <= outcome_competencies, module.path


def test_at_least_12_public_materials_in_four_languages(library):
    keys = {key for key, lang in library.items if key.startswith("materials/")}
    assert len(keys) >= 12
    for key in keys:
        assert library.languages(key) == ("ro", "ru", "uk", "en"), key
        assert library.get(key, "ro").audience == "public"


def test_matrix_has_at_least_8_areas_with_targets_for_each_role(library):
    matrix = library.data.matrix
    assert len(matrix.areas) >= 8
    assert [level["level"] for level in matrix.levels] == [1, 2, 3, 4]
    for area in matrix.areas:
        assert set(area.name) >= {"ro", "ru"}
        for competency in area.competencies:
            assert set(competency.targets) == {"specialist", "psychologist", "supervisor"}, competency.id
            assert all(1 <= level <= 4 for level in competency.targets.values())


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n"))


def test_every_public_page_shows_its_sources_to_the_reader(real_app):
    client = real_app.test_client()
    shown = 0
    for path in sorted((ROOT / "content").rglob("*.md")):
        meta = _front_matter(path)
        if meta.get("status") != "published" or meta.get("audience") != "public":
            continue
        parts = path.relative_to(ROOT / "content").with_suffix("").with_suffix("").parts
        lang = path.suffixes[-2].lstrip(".")
        url = "/".join(("", lang, *(parts[:-1] if parts[-1] == "index" else parts)))
        html = client.get(url).get_data(as_text=True)
        footer = html.split('<footer class="sources">', 1)[-1].split("</footer>", 1)[0]
        footer = html_lib.unescape(
            re.sub(r"<[^>]+>", "", footer)
        )  # a source's phone number is a link: read the text
        assert meta["sources"] and all(source in footer for source in meta["sources"]), url
        shown += 1
    assert shown >= 12 * 4  # the materials alone


def test_services_directory_has_the_fact_sheet_services_with_verification_dates():
    services = yaml.safe_load((ROOT / "content" / "services.yml").read_text(encoding="utf-8"))["services"]
    assert len([s for s in services if s["category"] == "hospital-unit"]) == 11
    assert {"family-justice-center", "ungheni-integrated-service"} <= {s["id"] for s in services}
    assert all(s.get("verified") for s in services)
    agencies = yaml.safe_load((ROOT / "content" / "agencies.yml").read_text(encoding="utf-8"))["agencies"]
    assert len(agencies) == 12 and {"chisinau", "gagauzia"} <= {a["id"] for a in agencies}
