"""The editorial workspace writes only Markdown files of the content areas: traversal attempts are refused."""

from __future__ import annotations

import pytest

from portal.editorial.paths import UnsafePath, check_path, resolve

REFUSED = [
    "",
    "../x",
    "../content/materials/a.ro.md",
    "materials/../../etc/passwd.ro.md",
    "materials/../materials/a.ro.md",
    "materials/./a.ro.md",
    "/etc/passwd",
    "/materials/a.ro.md",
    "materials/a.ro.md/../../b",
    "materials/a.ro.md/../b.ro.md",
    "materials/%2e%2e/%2e%2e/etc/passwd.ro.md",
    "materials/%2E%2E%2Fx.ro.md",
    "materials%2f..%2f..%2fb.ro.md",
    "materials/..%5c..%5cb.ro.md",
    "materials\\..\\..\\b.ro.md",
    "materials\\a.ro.md",
    "C:/materials/a.ro.md",
    "materials//a.ro.md",
    "materials/a.ro.md\x00.txt",
    "materials/a.ro.md/",
    "materials/a.de.md",  # not a language of the portal
    "materials/a.ro.yml",
    "materials/a.md",
    "materials/A.ro.md",
    "materials/a b.ro.md",
    "materials/a_b.ro.md",
    "materials/-a.ro.md",
    "materials/ă.ro.md",
    "materials/.hidden.ro.md",
    "convention-articles.yml",  # a data file without a form
    "search-synonyms.yml",
    "services.ro.md",
    "search/a.ro.md",
    "guides/Demo/a.ro.md",
    "guides/demo..guide/a.ro.md",
    "materials/" + "a" * 300 + ".ro.md",
    "materials/quiz.ro.yml",  # quizzes live only in a training module's folder
    "trainings/quiz.ro.yml",
    "trainings/demo-module/part/quiz.ro.yml",
    "trainings/demo-module/quiz.de.yml",
    "trainings/demo-module/quiz.ro.yaml",
    "trainings/../quiz.ro.yml",
    "./hotlines.yml",
    "materials/hotlines.yml",
    "hotlines.yaml",
    "materials/services.yml",
    "./competencies.yml",
]


@pytest.mark.parametrize("path", REFUSED)
def test_anything_but_a_content_file_name_is_refused(path):
    with pytest.raises(UnsafePath):
        check_path(path)


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("materials/protection-orders.ro.md", "ro"),
        ("materials/protection-order.uk.md", "uk"),
        ("guides/demo-guide/first-steps.ru.md", "ru"),
        ("trainings/demo-module/index.en.md", "en"),
        ("trainings/module-2/lesson-10.ro.md", "ro"),
        ("trainings/demo-module/quiz.ro.yml", "ro"),
        ("trainings/demo-module/quiz.ru.yml", "ru"),
        ("hotlines.yml", "ro"),
        ("services.yml", "ro"),
        ("agencies.yml", "ro"),
        ("competencies.yml", "ro"),
    ],
)
def test_content_files_are_accepted_with_their_language(path, lang):
    assert check_path(path) == lang


def test_resolve_gives_the_file_under_the_content_root(tmp_path):
    (tmp_path / "materials").mkdir()
    expected = tmp_path.resolve() / "materials" / "new-item.ru.md"
    assert resolve(tmp_path, "materials/new-item.ru.md") == expected


def test_a_symlinked_folder_leading_out_of_the_content_is_refused(tmp_path):
    root, outside = tmp_path / "content", tmp_path / "outside"
    (root / "materials").mkdir(parents=True)
    outside.mkdir()
    (root / "materials" / "evil").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        resolve(root, "materials/evil/x.ro.md")
    assert list(outside.iterdir()) == []


def test_a_symlinked_file_is_refused_even_inside_the_content(tmp_path):
    (tmp_path / "materials").mkdir()
    (tmp_path / "materials" / "real.ro.md").write_text("x", encoding="utf-8")
    (tmp_path / "materials" / "alias.ro.md").symlink_to(tmp_path / "materials" / "real.ro.md")
    with pytest.raises(UnsafePath):
        resolve(tmp_path, "materials/alias.ro.md")


def test_resolve_checks_the_path_itself(tmp_path):
    with pytest.raises(UnsafePath):
        resolve(tmp_path, "materials/../../etc/passwd.ro.md")
