"""`flask --app portal content check`: clean on the bundled content, precise on broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal import create_app
from portal.cli import check_content
from portal.content.hashing import source_hash

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


@pytest.fixture(scope="module")
def corpus_app(tmp_path_factory):
    """An app over the test corpus, without a database or a search index: the check needs neither."""
    tmp = tmp_path_factory.mktemp("content-check")
    return create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(TESTS / "corpus"),
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SEARCH_BUILD_ON_START": False,
            "SEARCH_INDEX_DIR": str(tmp / "search-index"),
            "RENDER_CACHE_DIR": str(tmp / "render-cache"),
        }
    )


@pytest.fixture
def run_check(corpus_app, monkeypatch):
    """Run `flask content check` through Flask's CLI runner from the repository root, as a person would."""
    monkeypatch.chdir(ROOT)
    runner = corpus_app.test_cli_runner()
    return lambda *args: runner.invoke(args=["content", "check", *args])


def test_bundled_content_passes_strict_check(run_check):
    result = run_check("--strict", "--root", "content")
    assert result.exit_code == 0, result.output
    assert " 0 errors, 0 warnings" in result.output


def test_without_root_the_configured_content_is_checked(run_check):
    result = run_check()  # the app's CONTENT_DIR is the test corpus, with one file in error
    assert result.exit_code == 1
    assert (
        "tests/corpus/materials/only-russian.ru.md:1: error: translation without a Romanian source file"
        in (result.output)
    )


@pytest.mark.parametrize(
    "case, line, message",
    [
        ("bad-yaml", 4, "bad YAML in front matter"),
        ("traversal", 11, "path traversal"),
        ("unknown-lang", 1, "unknown language suffix '.fr'"),
        ("missing-title", 1, "missing required field 'title'"),
    ],
)
def test_broken_file_is_reported_with_path_and_line(run_check, case, line, message):
    result = run_check("--root", f"tests/broken/{case}")
    assert result.exit_code == 1
    reported = [row for row in result.output.splitlines() if message in row]
    assert reported, result.output
    path = next((TESTS / "broken" / case / "materials").iterdir())
    assert reported[0].startswith(f"tests/broken/{case}/materials/{path.name}:{line}: error:")


def copy_data_files(root: Path) -> None:
    for name in ("hotlines.yml", "competencies.yml", "services.yml", "agencies.yml"):
        (root / name).write_text((TESTS / "corpus" / name).read_text(encoding="utf-8"), encoding="utf-8")


def test_outdated_translation_is_a_warning_and_fails_strict(tmp_path):
    copy_data_files(tmp_path)
    materials = tmp_path / "materials"
    materials.mkdir(parents=True)
    front = "---\ntitle: T\nstatus: published\naudience: public\nreviewed: 2026-11-20\nsources: [x]\n"
    (materials / "a.ro.md").write_text(front + "---\n\nText nou.\n", encoding="utf-8")
    for lang in ("uk", "en"):
        (materials / f"a.{lang}.md").write_text(
            front + f"source_hash: {source_hash(materials / 'a.ro.md')}\n---\n\nT.\n", encoding="utf-8"
        )
    (materials / "a.ru.md").write_text(front + "source_hash: 0000000000ab\n---\n\nТекст.\n", encoding="utf-8")
    lines, ok = check_content(tmp_path, strict=False)
    assert any("a.ru.md:1: warning: outdated translation" in line for line in lines)
    assert ok
    _, strict_ok = check_content(tmp_path, strict=True)
    assert not strict_ok


def test_broken_internal_link_and_unknown_competency_are_errors(tmp_path):
    copy_data_files(tmp_path)
    materials = tmp_path / "materials"
    materials.mkdir()
    (materials / "a.ro.md").write_text(
        "---\ntitle: T\nstatus: published\naudience: public\nreviewed: 2026-11-20\nsources: [x]\n"
        "competencies: [law.no-such-thing]\n---\n\nVezi [b](/materials/does-not-exist).\n",
        encoding="utf-8",
    )
    lines, ok = check_content(tmp_path, strict=False)
    assert not ok
    assert any("a.ro.md:10: error: broken internal link: /materials/does-not-exist" in line for line in lines)
    assert any("unknown competency 'law.no-such-thing'" in line for line in lines)


def test_a_broken_file_does_not_take_the_site_down(make_app, tmp_path):
    content = tmp_path / "content"
    (content / "materials").mkdir(parents=True)
    good = (
        "---\ntitle: Bun\nstatus: published\naudience: public\nreviewed: 2026-11-20\n"
        "sources: [x]\n---\n\nText.\n"
    )
    (content / "materials" / "good.ro.md").write_text(good, encoding="utf-8")
    (content / "materials" / "bad.ro.md").write_text(
        "---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8"
    )
    copy_data_files(content)
    client = make_app(CONTENT_DIR=str(content)).test_client()
    assert client.get("/ro/materials/good").status_code == 200
    assert client.get("/ro/materials/bad").status_code == 404
    assert client.get("/ro/").status_code == 200


def test_unknown_field_and_unsafe_html_are_reported_with_lines(tmp_path):
    copy_data_files(tmp_path)
    (tmp_path / "materials").mkdir()
    (tmp_path / "materials" / "a.ro.md").write_text(
        "---\ntitle: T\nstatus: published\naudience: public\nreviewed: 2026-11-20\nsources: [x]\n"
        "colour: red\n---\n\nText.\n",
        encoding="utf-8",
    )
    (tmp_path / "materials" / "b.ro.md").write_text(
        "---\ntitle: T\nstatus: published\naudience: public\nreviewed: 2026-11-20\nsources: [x]\n---\n\n"
        'Primul.\n\n<script>alert(1)</script>\n\n<a href="x" onclick="steal()">x</a>\n',
        encoding="utf-8",
    )
    lines, ok = check_content(tmp_path, strict=True)
    assert not ok
    assert any("a.ro.md:7: error: unknown field 'colour'" in line for line in lines)
    assert any("b.ro.md:11: warning: unsafe HTML dropped" in line for line in lines)
    assert any("b.ro.md:13: warning: unsafe HTML dropped" in line for line in lines)


def test_quiz_translation_must_match_the_romanian_answers(tmp_path):
    import shutil

    shutil.copytree(TESTS / "corpus", tmp_path / "c")
    root = tmp_path / "c"
    module = root / "trainings" / "demo-module"
    (module / "index.ru.md").write_text(
        (module / "index.ro.md")
        .read_text(encoding="utf-8")
        .replace(
            "reviewed: 2026-11-20",
            f"reviewed: 2026-11-20\nsource_hash: {source_hash(module / 'index.ro.md')}",
        ),
        encoding="utf-8",
    )
    ru = (
        (module / "quiz.ro.yml")
        .read_text(encoding="utf-8")
        .replace(
            "        correct: true\n      - id: b\n        text: Vecinul",
            "      - id: b\n        text: Vecinul\n        correct: true",
        )
    )
    (module / "quiz.ru.yml").write_text(
        f"source_hash: {source_hash(module / 'quiz.ro.yml')}\n" + ru, encoding="utf-8"
    )
    lines, ok = check_content(root, strict=False)
    assert not ok
    assert any("quiz.ru.yml:1: error: questions differ from the Romanian quiz" in line for line in lines)


@pytest.mark.parametrize(
    "sources, line, message",
    [
        ("", 1, "missing required field 'sources'"),
        ("sources: []\n", 6, "'sources' must name at least one source"),
    ],
)
def test_a_page_without_sources_is_an_error_and_is_not_served(make_app, tmp_path, sources, line, message):
    content = tmp_path / "content"
    (content / "materials").mkdir(parents=True)
    copy_data_files(content)
    (content / "materials" / "a.ro.md").write_text(
        f"---\ntitle: T\nstatus: published\naudience: public\nreviewed: 2026-11-20\n{sources}---\n\nText.\n",
        encoding="utf-8",
    )
    lines, ok = check_content(content, strict=False)
    assert not ok
    assert any(f"a.ro.md:{line}: error: {message}" in row for row in lines), lines
    assert make_app(CONTENT_DIR=str(content)).test_client().get("/ro/materials/a").status_code == 404
