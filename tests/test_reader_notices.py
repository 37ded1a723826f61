"""What readers are told: an outdated translation's notice, 'due for review' for specialists and editors."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from accounts_helpers import sign_in
from editorial_helpers import git

from portal.editorial.live import reload_content

SOURCE = "materials/protection-order.ro.md"
CORPUS = Path(__file__).parent / "corpus"
UK = (
    "---\ntitle: Захисний припис\nstatus: published\naudience: public\nreviewed: 2026-11-20\n"
    'sources: ["Закон № 45/2007"]\nsource_hash: 093f8d013d34\n---\n\nЗахисний припис видає суд.\n'
)
NOTICES = {
    "ru": "Румынская версия этой страницы изменилась 25 ноября 2026\u202fг.",  # a narrow no-break space
    "uk": "Румунська версія цієї сторінки змінилася 25 листопада 2026\u202fр.",
    "en": "The Romanian version of this page changed on November 25, 2026",
}
LINKS = {"ru": "Читать румынскую версию", "uk": "Читати румунську версію", "en": "Read the Romanian version"}


def reword(repo: Path) -> None:
    target = repo / SOURCE
    target.write_text(
        target.read_text(encoding="utf-8").replace("Până la trei luni.", "Până la șase luni."),
        encoding="utf-8",
    )


@pytest.fixture
def outdated(content: Path) -> Path:
    """The corpus with a Ukrainian translation, then its Romanian source reworded on 25 November 2026."""
    (content / "materials/protection-order.uk.md").write_text(UK, encoding="utf-8")
    git(content, "add", "-A")
    git(content, "commit", "-q", "-m", "uk")
    reword(content)
    when = "2026-11-25T10:00:00+00:00"
    subprocess.run(
        ["git", "commit", "-q", "-am", "Durata"],
        cwd=content,
        check=True,
        env={**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when},
    )
    return content


@pytest.mark.parametrize("lang", ["ru", "uk", "en"])
def test_readers_of_an_outdated_translation_are_told_when_the_romanian_changed(make_app, outdated, lang):
    client = make_app(CONTENT_DIR=str(outdated)).test_client()
    response = client.get(f"/{lang}/materials/protection-order")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert NOTICES[lang] in html
    assert f'<a href="/ro/materials/protection-order" hreflang="ro">{LINKS[lang]}</a>' in html
    assert "Set-Cookie" not in response.headers


def test_the_romanian_page_has_no_notice(make_app, outdated):
    html = make_app(CONTENT_DIR=str(outdated)).test_client().get(f"/ro/{SOURCE[:-6]}").get_data(as_text=True)
    assert "translation-notice" not in html


def test_the_notice_goes_once_the_translation_is_updated_even_from_a_cached_page(make_app, outdated):
    app = make_app(CONTENT_DIR=str(outdated))
    client = app.test_client()
    assert NOTICES["ru"] in client.get("/ru/materials/protection-order").get_data(as_text=True)
    assert NOTICES["ru"] in client.get("/ru/materials/protection-order").get_data(as_text=True)  # cached
    body = (outdated / SOURCE).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    new_hash = hashlib.sha256(body.strip().encode("utf-8")).hexdigest()[:12]
    ru = outdated / "materials/protection-order.ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace("093f8d013d34", new_hash), encoding="utf-8")
    git(outdated, "commit", "-q", "-am", "ru updated")
    reload_content(app)
    assert "translation-notice" not in client.get("/ru/materials/protection-order").get_data(as_text=True)
    assert NOTICES["en"] in client.get("/en/materials/protection-order").get_data(as_text=True)


def test_without_git_the_date_is_the_romanian_files_modification_time(make_app, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(CORPUS, plain)
    reword(plain)
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC).timestamp()
    os.utime(plain / SOURCE, (moment, moment))
    html = (
        make_app(CONTENT_DIR=str(plain))
        .test_client()
        .get("/ru/materials/protection-order")
        .get_data(as_text=True)
    )
    assert NOTICES["ru"] in html


@pytest.fixture
def overdue(content: Path) -> Path:
    """The corpus with the demo guide's cover and the material last reviewed on 15 January 2024."""
    for path in ("guides/demo-guide/index.ro.md", SOURCE):
        target = content / path
        target.write_text(
            target.read_text(encoding="utf-8").replace("reviewed: 2026-11-20", "reviewed: 2024-01-15"),
            encoding="utf-8",
        )
    git(content, "commit", "-q", "-am", "old reviews")
    return content


DUE = "De verificat: ultima verificare a fost pe 15 ianuarie 2024."


def test_signed_in_specialists_see_due_for_review_on_overdue_guide_pages_only(make_app, overdue, make_user):
    app = make_app(CONTENT_DIR=str(overdue))
    make_user("specialist@example.org", role="specialist")
    specialist = app.test_client()
    assert sign_in(specialist, "specialist@example.org").status_code == 302
    assert DUE in specialist.get("/ro/guides/demo-guide").get_data(as_text=True)
    assert "De verificat" not in specialist.get("/ro/guides/demo-guide/first-steps").get_data(as_text=True)
    assert "De verificat" not in specialist.get("/ro/materials/protection-order").get_data(as_text=True)
    anonymous = app.test_client()
    response = anonymous.get("/ro/guides/demo-guide")
    assert "De verificat" not in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_editors_see_the_banner_on_every_overdue_item(make_app, overdue, make_user):
    app = make_app(CONTENT_DIR=str(overdue))
    make_user("editor@example.org", role="editor")
    editor = app.test_client()
    assert sign_in(editor, "editor@example.org").status_code == 302
    for path in ("/ro/guides/demo-guide", "/ro/materials/protection-order"):
        html = editor.get(path).get_data(as_text=True)
        assert DUE in html, path
        assert 'href="/ro/editor/status"' in html, path
    assert "De verificat" not in editor.get("/ro/guides/demo-guide/first-steps").get_data(as_text=True)
