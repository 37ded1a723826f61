"""One bad content file is reported as path:line: message and left out; the rest of the site keeps serving."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.content.library import load_library

TESTS = Path(__file__).resolve().parent
FRONT = "---\ntitle: T\nstatus: published\naudience: public\nreviewed: 2026-11-20\nsources: [x]\n---\n\n"
GOOD = FRONT.replace("title: T", "title: Pagina bună") + "Text bun.\n"


def _content(tmp_path: Path) -> Path:
    """Return a content folder with the data files and one good page."""
    content = tmp_path / "content"
    (content / "materials").mkdir(parents=True)
    (content / "guides").mkdir()
    for name in ("hotlines.yml", "competencies.yml", "services.yml", "agencies.yml"):
        (content / name).write_text((TESTS / "corpus" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (content / "materials" / "good.ro.md").write_text(GOOD, encoding="utf-8")
    return content


def _file_link_outside(content: Path) -> None:
    (content.parent / "secret.ro.md").write_text(FRONT + "SECRET-OUTSIDE\n", encoding="utf-8")
    (content / "materials" / "bad.ro.md").symlink_to(content.parent / "secret.ro.md")


def _folder_link_outside(content: Path) -> None:
    (content.parent / "elsewhere").mkdir()
    (content.parent / "elsewhere" / "index.ro.md").write_text(FRONT + "SECRET-OUTSIDE\n", encoding="utf-8")
    (content / "guides" / "bad").symlink_to(content.parent / "elsewhere", target_is_directory=True)


def _not_utf8(content: Path) -> None:
    (content / "materials" / "bad.ro.md").write_bytes(FRONT.encode() + "Violenţă\n".encode("cp1250"))


def _impossible_date(content: Path) -> None:
    text = FRONT.replace("2026-11-20", "2026-13-45") + "Text.\n"
    (content / "materials" / "bad.ro.md").write_text(text, encoding="utf-8")


def _link_off_the_site(content: Path) -> None:
    text = FRONT + "Vezi [pagina](//other.host/good).\n"
    (content / "materials" / "bad.ro.md").write_text(text, encoding="utf-8")


CASES = {
    "file link outside": (
        _file_link_outside,
        "materials/bad.ro.md",
        ["1: error: symbolic link pointing outside the content folder: not served"],
    ),
    "folder link outside": (
        _folder_link_outside,
        "guides/bad",
        ["1: error: symbolic link pointing outside the content folder: not served"],
    ),
    "not UTF-8": (
        _not_utf8,
        "materials/bad.ro.md",
        ["9: error: not UTF-8 text (byte 0xfe): save the file as UTF-8"],
    ),
    "impossible date": (
        _impossible_date,
        "materials/bad.ro.md",
        ["5: error: bad YAML in front matter: not a real date: '2026-13-45' (month must be in 1..12)"],
    ),
    "link off the site": (
        _link_off_the_site,
        "materials/bad.ro.md",
        [
            "9: error: internal links must start with / and carry no language: //other.host/good",
            "1: error: not published until its links are fixed",
        ],
    ),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_content_check_reports_the_bad_file_without_a_traceback(make_app, tmp_path, monkeypatch, case):
    make_bad, path, reports = CASES[case]
    content = _content(tmp_path)
    make_bad(content)
    monkeypatch.chdir(tmp_path)
    result = make_app(CONTENT_DIR=str(content)).test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    for report in reports:
        assert f"content/{path}:{report}" in result.output.splitlines(), result.output


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_portal_starts_skips_the_bad_file_and_serves_the_rest(make_app, tmp_path, case):
    make_bad, _, _ = CASES[case]
    content = _content(tmp_path)
    make_bad(content)
    client = make_app(CONTENT_DIR=str(content)).test_client()
    assert "Pagina bună" in client.get("/ro/materials/good").get_data(as_text=True)
    assert client.get("/ro/").status_code == 200
    for url in ("/ro/materials/bad", "/ro/guides/bad"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "SECRET-OUTSIDE" not in response.get_data(as_text=True)
    listing = client.get("/ro/materials/").get_data(as_text=True)
    assert "Pagina bună" in listing and "SECRET-OUTSIDE" not in listing


def test_a_link_inside_the_content_folder_is_still_read(tmp_path):
    content = _content(tmp_path)
    (content / "materials" / "alias.ro.md").symlink_to(content / "materials" / "good.ro.md")
    library = load_library(content)
    assert library.get("materials/alias", "ro").title == "Pagina bună"
    assert library.errors == ()


# What YAML and Markdown make of odd input: impossible dates, bad tags, unclosed flows, aliases, deep nesting.
TRICKY = [
    "2026-13-45",
    "2026-02-30",
    "!!int x",
    "!!float x",
    "!!timestamp x",
    "!!binary zz",
    "!!set {a}",
    "[1, 2",
    "{a: b}",
    "*x",
    "&a [*a, *a]",
    "<<: 1",
    "[[[[[[[[[[[[[[[[[[[[[[[[",
    "!!python/object:os.system x",
    '"\\x00"',
]
FIELDS = ["title", "status", "audience", "reviewed", "sources", "order", "outcomes", "questions", "x"]
YAMLISH = st.lists(
    st.tuples(st.sampled_from(FIELDS), st.one_of(st.text(max_size=20), st.sampled_from(TRICKY)))
).map(lambda rows: "\n".join(f"{key}: {value}" for key, value in rows).encode("utf-8", "surrogatepass"))
ANY_BYTES = st.binary(max_size=300)
TEXT = st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass"))


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "materials").mkdir()
    (root / "trainings" / "m").mkdir(parents=True)
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.one_of(ANY_BYTES, YAMLISH), body=st.one_of(ANY_BYTES, TEXT))
def test_the_loader_never_raises_whatever_bytes_a_file_holds(fuzz_root, front, body):
    page = b"---\n" + front + b"\n---\n" + body
    (fuzz_root / "materials" / "x.ro.md").write_bytes(page)
    (fuzz_root / "trainings" / "m" / "index.ro.md").write_bytes(page)
    (fuzz_root / "trainings" / "m" / "quiz.ro.yml").write_bytes(front + b"\n" + body)
    library = load_library(fuzz_root)
    last_line = page.count(b"\n") + 1
    for path, key in (("materials/x.ro.md", "materials/x"), ("trainings/m/index.ro.md", "trainings/m")):
        errors = [p for p in library.errors if p.path == path]
        assert library.get(key, "ro") is not None or errors
        assert all(1 <= p.line <= last_line for p in errors)
