"""The translation desk: each item's state per language, what changed since, hashes recorded, minor edits."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from accounts_helpers import csrf_token, sign_in
from editorial_helpers import git
from sqlalchemy import select

from portal.accounts.models import User
from portal.editorial import workflow
from portal.editorial.live import reload_content
from portal.editorial.models import Draft
from portal.editorial.publishing import GitFailed, Person, publish_file
from portal.extensions import db

SOURCE = "materials/protection-order.ro.md"
CORPUS_HASH = "093f8d013d34"  # the body hash of SOURCE in tests/corpus, recorded by its ru and en files


def body_hash(text: str) -> str:
    """The hash docs/CONTENT.md describes, computed here by hand: sha256 of the stripped body, 12 digits."""
    body = text.split("\n---\n", 1)[1]
    return hashlib.sha256(body.strip().encode("utf-8")).hexdigest()[:12]


def commit_change(repo: Path, path: str, old: str, new: str, message: str) -> None:
    target = repo / path
    target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    git(repo, "commit", "-q", "-am", message)


@pytest.fixture
def app(make_app, content):
    return make_app(CONTENT_DIR=str(content))


@pytest.fixture
def people(app, make_user) -> dict[str, int]:
    ids = {role: make_user(f"{role}@example.org", role=role).id for role in ("editor", "reviewer")}
    ids["translator"] = make_user("translator@example.org", role="translator").id
    with app.app_context():
        db.session.get(User, ids["translator"]).languages = "ru,uk"
        db.session.commit()
    return ids


def signed_in(app, role: str):
    client = app.test_client()
    assert sign_in(client, f"{role}@example.org").status_code == 302
    return client


def desk_states(html: str) -> dict[str, str]:
    rows = re.findall(r'<tr class="state-([a-z-]+)">\s*<td>.*?<code>([^<]+)</code>', html, re.S)
    return {path: state for state, path in rows}


def test_the_desk_shows_up_to_date_outdated_missing_and_in_translation(make_app, content, make_user):
    commit_change(content, SOURCE, "Până la trei luni.", "Până la șase luni.", "Durata")
    # an up-to-date translation of the guide's first section, its hash computed by hand
    section = (content / "guides/demo-guide/first-steps.ro.md").read_text(encoding="utf-8")
    (content / "guides/demo-guide/first-steps.ru.md").write_text(
        f"---\ntitle: Первые шаги\nstatus: published\naudience: public\nreviewed: 2026-11-20\n"
        f"sources: [x]\nsource_hash: {body_hash(section)}\n---\n\nТекст.\n",
        encoding="utf-8",
    )
    git(content, "add", "-A")
    git(content, "commit", "-q", "-m", "Первые шаги")
    app = make_app(CONTENT_DIR=str(content))
    make_user("editor@example.org", role="editor")
    translator_id = make_user("translator@example.org", role="translator").id
    with app.test_request_context("/ro/editor"):
        translator = db.session.get(User, translator_id)
        translator.languages = "ru"
        db.session.commit()
        workflow.start_draft(translator, content, "guides/demo-guide/index.ru.md")

    html = signed_in(app, "editor").get("/ro/editor/translations/ru").get_data(as_text=True)
    states = desk_states(html)
    assert states["materials/protection-order.ro.md"] == "outdated"
    assert states["guides/demo-guide/first-steps.ro.md"] == "up-to-date"
    assert states["guides/demo-guide/second-steps.ro.md"] == "missing"
    assert states["guides/demo-guide/index.ro.md"] == "in-translation"
    assert "Învechită" in html and "În curs de traducere" in html
    # English has its own states: the same material is outdated there too, the guide is missing
    english = desk_states(signed_in(app, "editor").get("/ro/editor/translations/en").get_data(as_text=True))
    assert english["materials/protection-order.ro.md"] == "outdated"
    assert english["guides/demo-guide/index.ro.md"] == "missing"


def test_there_is_no_desk_for_romanian_and_no_editor_for_unknown_items(app, people):
    editor = signed_in(app, "editor")
    assert editor.get("/ro/editor/translations/ro").status_code == 404
    assert editor.get("/ro/editor/translations/ru/materials/nothing-here").status_code == 404
    assert editor.get("/ro/editor/translations/ru/../../etc/passwd").status_code == 404
    assert editor.get("/ro/editor/translations/ro/materials/protection-order").status_code == 404


def test_the_editor_shows_the_words_changed_since_the_translated_version(app, content, people):
    commit_change(content, SOURCE, "Până la trei luni.", "Până la șase luni.", "Durata")
    commit_change(content, SOURCE, "Până la șase luni.", "Până la nouă luni.", "Durata, din nou")
    reload_content(app)
    html = (
        signed_in(app, "editor")
        .get("/ro/editor/translations/ru/materials/protection-order")
        .get_data(as_text=True)
    )
    # against the version the translation was made from (the corpus), not the one just before today's
    assert "<del>trei</del>" in html
    assert "<ins>nouă</ins>" in html
    assert "șase" not in html
    assert "Victima sau, cu acordul ei, poliția." in html  # the Romanian source beside the textarea


def test_a_draft_saved_after_the_change_shows_no_changes_any_more(app, content, people):
    commit_change(content, SOURCE, "Până la trei luni.", "Până la șase luni.", "Durata")
    reload_content(app)
    translator = signed_in(app, "translator")
    path = "/ro/editor/translations/ru/materials/protection-order"
    assert "<ins>șase</ins>" in translator.get(path).get_data(as_text=True)
    text = (content / "materials/protection-order.ru.md").read_text(encoding="utf-8")
    translator.post(path, data={"csrf_token": csrf_token(translator, path), "text": text, "save": "1"})
    assert "<ins>" not in translator.get(path).get_data(as_text=True)


def test_an_up_to_date_translation_shows_no_changes(app, people):
    html = (
        signed_in(app, "editor")
        .get("/ro/editor/translations/ru/materials/protection-order")
        .get_data(as_text=True)
    )
    assert "<del>" not in html and "Ce s-a schimbat" not in html
    assert "Защитное предписание выдаёт суд." in html  # the published translation, ready to edit


def test_saving_records_the_current_source_hash(app, people):
    translator = signed_in(app, "translator")
    path = "/ro/editor/translations/uk/materials/protection-order"
    typed = (
        "---\ntitle: Захисний припис\nstatus: published\naudience: public\n---\n\n"
        "Захисний припис видає суд.\n"
    )
    response = translator.post(
        path, data={"csrf_token": csrf_token(translator, path), "text": typed, "save": "1"}
    )
    assert response.status_code == 302
    with app.app_context():
        draft = db.session.scalars(
            select(Draft).where(Draft.path == "materials/protection-order.uk.md")
        ).one()
        assert draft.state == "draft"
        assert f"source_hash: {CORPUS_HASH}\n" in draft.text
        assert "Захисний припис видає суд." in draft.text
    # saved again, the hash is replaced, not added twice; submitting sends it to review
    again = draft.text.replace("видає суд", "видає суд за заявою")
    translator.post(path, data={"csrf_token": csrf_token(translator, path), "text": again, "submit": "1"})
    with app.app_context():
        draft = db.session.scalars(
            select(Draft).where(Draft.path == "materials/protection-order.uk.md")
        ).one()
        assert draft.state == "pending"
        assert draft.text.count("source_hash:") == 1
    assert "Această traducere așteaptă recenzia." in translator.get(path).get_data(as_text=True)


def test_an_empty_translation_is_explained_and_saves_nothing(app, people):
    translator = signed_in(app, "translator")
    path = "/ro/editor/translations/ru/materials/protection-order"
    response = translator.post(
        path, data={"csrf_token": csrf_token(translator, path), "text": "", "comment": "x" * 600, "save": "1"}
    )
    assert response.status_code == 200
    assert 'class="field-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []


@pytest.mark.parametrize(
    "typed", ["Text\x00cu NUL", "x" * 200_001, "Bell\x07"], ids=["nul", "too-long", "control"]
)
def test_odd_text_is_explained_and_what_was_typed_stays(app, people, typed):
    translator = signed_in(app, "translator")
    path = "/ro/editor/translations/ru/materials/protection-order"
    response = translator.post(
        path, data={"csrf_token": csrf_token(translator, path), "text": typed, "save": "1"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="field-error"' in html
    assert typed[:20].replace("\x00", "") in html.replace("\x00", "").replace("\ufffd", "")
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []


def test_odd_addresses_are_not_there(app, people):
    editor = signed_in(app, "editor")
    for path in (
        "/ro/editor/translations/xx",
        "/ro/editor/translations/ru/materials/protection-order.ru.md",
        "/ro/editor/translations/ru/materials/%00",
        "/ro/editor/translations/ru/" + "a/" * 500,
    ):
        assert editor.get(path).status_code == 404, path


def test_translators_translate_only_into_their_languages(app, people):
    translator = signed_in(app, "translator")
    assert translator.get("/ro/editor/translations/en/materials/protection-order").status_code == 404
    assert translator.get("/ro/editor/translations/ru/materials/protection-order").status_code == 200
    desk = translator.get("/ro/editor/translations/en").get_data(as_text=True)
    assert "/ro/editor/translations/en/materials/protection-order" not in desk  # no link to translate
    # the header leads a translator to the desks of their languages, the status page an editor to each
    assert 'href="/ro/editor/translations/ru">Biroul de traduceri: Русский' in desk
    assert 'href="/ro/editor/translations/uk">Biroul de traduceri: Українська' in desk
    assert 'href="/ro/editor/translations/en">' not in desk
    status = signed_in(app, "editor").get("/ro/editor/status").get_data(as_text=True)
    assert 'href="/ro/editor/translations/en">English' in status


def publish_ro_change(app, content, people, *, minor: bool) -> None:
    with app.test_request_context("/ro/editor"):
        editor = db.session.get(User, people["editor"])
        draft = workflow.start_draft(editor, content, SOURCE)
        workflow.save(editor, draft, draft.text.replace("Sunați la", "Sunați gratuit la"), minor=minor)
        workflow.submit(editor, draft)
        workflow.publish(db.session.get(User, people["reviewer"]), draft, content)


def test_a_minor_edit_keeps_translations_up_to_date_in_one_commit(app, content, people):
    # the English translation was already outdated: a minor edit must not make it look current
    commit_change(content, "materials/protection-order.en.md", CORPUS_HASH, "0123456789ab", "en outdated")
    publish_ro_change(app, content, people, minor=True)
    new_hash = body_hash((content / SOURCE).read_text(encoding="utf-8"))
    assert new_hash != CORPUS_HASH
    assert git(content, "show", "--name-only", "--format=%s", "HEAD").splitlines() == [
        "Update materials/protection-order.ro.md (minor)",
        "",
        "materials/protection-order.ro.md",
        "materials/protection-order.ru.md",
    ]
    assert f"source_hash: {new_hash}\n" in (content / "materials/protection-order.ru.md").read_text("utf-8")
    assert "source_hash: 0123456789ab\n" in (content / "materials/protection-order.en.md").read_text("utf-8")
    assert git(content, "status", "--porcelain") == ""


def test_an_ordinary_edit_leaves_translations_outdated(app, content, people):
    publish_ro_change(app, content, people, minor=False)
    assert git(content, "show", "--name-only", "--format=", "HEAD") == SOURCE
    assert f"source_hash: {CORPUS_HASH}\n" in (content / "materials/protection-order.ru.md").read_text(
        "utf-8"
    )
    assert "minor" not in git(content, "log", "-1", "--format=%B")


def test_a_failure_after_writing_several_files_restores_them_all(content):
    ro, ru = (
        (content / SOURCE).read_text("utf-8"),
        (content / "materials/protection-order.ru.md").read_text("utf-8"),
    )

    def fail(commit: str) -> None:
        raise GitFailed("the database refused")

    with pytest.raises(GitFailed):
        publish_file(
            content,
            SOURCE,
            ro.replace("Sunați la", "Sunați gratuit la"),
            ro,
            author=Person("A", "a@example.org"),
            committer=Person("B", "b@example.org"),
            message="x (minor)",
            then=fail,
            also=[("materials/protection-order.ru.md", ru.replace(CORPUS_HASH, "0123456789ab"), ru)],
        )
    assert (content / SOURCE).read_text("utf-8") == ro
    assert (content / "materials/protection-order.ru.md").read_text("utf-8") == ru
    assert git(content, "log", "--format=%s") == "Corpus"
    assert git(content, "status", "--porcelain") == ""
