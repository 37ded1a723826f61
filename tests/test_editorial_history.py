"""History of a content item: its published versions from git, a diff of two, restoring one as a draft."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from accounts_helpers import csrf_token, sign_in
from editorial_helpers import git
from sqlalchemy import select

from portal.accounts.models import User
from portal.editorial import history, workflow
from portal.editorial.history import UnknownVersion
from portal.editorial.models import Draft
from portal.editorial.paths import UnsafePath
from portal.editorial.workflow import NotAllowed
from portal.extensions import db

MATERIAL = "materials/protection-order.ro.md"
PAGE = f"/ro/editor/history/{MATERIAL}"


@pytest.fixture
def app(make_app, content):
    return make_app(CONTENT_DIR=str(content))


@pytest.fixture
def people(app, make_user) -> dict[str, int]:
    ids = {
        role: make_user(f"{role}@example.org", role=role).id for role in ("editor", "reviewer", "specialist")
    }
    ids["translator"] = make_user("translator@example.org", role="translator").id
    with app.app_context():
        db.session.get(User, ids["translator"]).languages = "ru"
        db.session.commit()
    return ids


def change(content: Path, old: str, new: str, author: str, message: str) -> str:
    """Commit a change of the material as `author` ("Name <email>"); return the commit's hash."""
    target = content / MATERIAL
    target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    git(content, "add", MATERIAL)
    git(content, "commit", "-q", f"--author={author}", "-m", message)
    return git(content, "rev-parse", "HEAD")


@pytest.fixture
def commits(content) -> list[str]:
    """Three versions of the material: the corpus, six months, then a minor typo fix; oldest first."""
    first = git(content, "rev-parse", "HEAD")
    second = change(content, "trei luni", "șase luni", "Ana Popescu <ana@example.org>", "Durata: șase luni")
    third = change(content, "emisă de", "emisă numai de", "Ion Rusu <ion@example.org>", "Minor: o precizare")
    return [first, second, third]


def signed_in(app, role: str):
    client = app.test_client()
    assert sign_in(client, f"{role}@example.org").status_code == 302
    return client


def test_versions_list_commits_newest_first_with_author_and_comment(app, content, commits):
    found = history.versions(content, MATERIAL)
    assert [(v.commit, v.author_name, v.message, v.minor) for v in found] == [
        (commits[2], "Ion Rusu", "Minor: o precizare", True),
        (commits[1], "Ana Popescu", "Durata: șase luni", False),
        (commits[0], "Developer", "Corpus", False),
    ]
    assert found[0].date.date() == datetime.now(UTC).date()


def test_the_history_page_lists_versions_with_radio_buttons_and_restore(app, commits, people):
    html = signed_in(app, "editor").get(PAGE).get_data(as_text=True)
    for text in ("Ion Rusu", "Minor: o precizare", "Ana Popescu", "Durata: șase luni", "Developer", "Corpus"):
        assert text in html
    assert html.index("Ion Rusu") < html.index("Ana Popescu") < html.index("Corpus")
    assert re.search(rf'name="a" value="{commits[1]}"[^>]*checked', html)
    assert re.search(rf'name="b" value="{commits[2]}"[^>]*checked', html)
    assert f'action="/ro/editor/history/{MATERIAL}/diff"' in html and 'method="get"' in html
    assert html.count('name="commit"') == 2  # every version but the one published now


def test_the_diff_of_two_versions_marks_the_changed_words(app, commits, people):
    client = signed_in(app, "editor")
    html = client.get(f"{PAGE}/diff?a={commits[0]}&b={commits[2]}").get_data(as_text=True)
    assert "<del>trei</del>" in html and "<ins>șase</ins>" in html
    assert re.search(r"<ins>\s*numai\s*</ins>", html)
    assert "Corpus" in html and "Minor: o precizare" in html
    # picked the other way round, the older version still stands on the left
    reversed_html = client.get(f"{PAGE}/diff?a={commits[2]}&b={commits[0][:10]}").get_data(as_text=True)
    assert "<del>trei</del>" in reversed_html and "<ins>șase</ins>" in reversed_html
    # without a choice: the last change
    latest = client.get(f"{PAGE}/diff").get_data(as_text=True)
    assert re.search(r"<ins>\s*numai\s*</ins>", latest)
    assert "<del>trei</del>" not in latest


def test_restoring_an_old_version_makes_a_draft_that_a_reviewer_publishes(app, content, commits, people):
    client = signed_in(app, "editor")
    token = csrf_token(client, PAGE)
    response = client.post(f"{PAGE}/restore", data={"csrf_token": token, "commit": commits[0]})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ciornă" in page  # the flashed message, in Romanian
    with app.test_request_context("/ro/editor"):
        draft = db.session.scalars(select(Draft)).one()
        assert (draft.state, draft.author_id, draft.path) == ("draft", people["editor"], MATERIAL)
        assert "Până la trei luni." in draft.text and "șase" not in draft.text
        assert "emisă de instanță" in draft.text and "numai" not in draft.text
        assert draft.comment == f"Restored from version of {datetime.now(UTC).date().isoformat()}"
        assert "șase luni" in draft.base_text  # started from what is published now
        editor = db.session.get(User, people["editor"])
        workflow.submit(editor, draft)
        with pytest.raises(NotAllowed):
            workflow.publish(editor, draft, content)  # still needs someone else's review
        commit = workflow.publish(db.session.get(User, people["reviewer"]), draft, content)
    assert git(content, "log", "-1", "--format=%H|%an|%cn|%s") == (
        f"{commit}|Editor|Reviewer|Restored from version of {datetime.now(UTC).date().isoformat()}"
    )
    text = (content / MATERIAL).read_text(encoding="utf-8")
    assert "Până la trei luni." in text and "numai" not in text
    assert len(history.versions(content, MATERIAL)) == 4


def test_restore_as_draft_refuses_who_may_not_write(app, content, commits, people):
    with app.test_request_context("/ro/editor"):
        for role in ("reviewer", "translator", "specialist"):
            with pytest.raises(NotAllowed):
                history.restore_as_draft(db.session.get(User, people[role]), content, MATERIAL, commits[0])
        assert db.session.scalars(select(Draft)).all() == []


@pytest.mark.parametrize(
    "path",
    [
        "../../etc/passwd",
        "materials/../../secret.ro.md",
        "materials/%2e%2e/protection-order.ro.md",
        "/etc/passwd",
        "materials/protection-order.ro.md%00",
        "materials/no-such-item.ro.md",
        "content/materials/protection-order.ro.md",
    ],
)
def test_bad_or_unknown_paths_are_not_found(app, commits, people, path):
    client = signed_in(app, "editor")
    # a doubled slash is first redirected to the single-slash address, which is not found either
    assert client.get(f"/ro/editor/history/{path}", follow_redirects=True).status_code == 404
    assert client.get(f"/ro/editor/history/{path}/diff", follow_redirects=True).status_code == 404


@pytest.mark.parametrize(
    "commit", ["zzzz", "HEAD", "--output=/tmp/x", "deadbeef", "0" * 40, "a" * 41, "", "HEAD~1", "main"]
)
def test_bad_commit_ids_are_refused(app, content, commits, people, commit):
    client = signed_in(app, "editor")
    assert client.get(f"{PAGE}/diff", query_string={"a": commit, "b": commits[0]}).status_code == 400
    token = csrf_token(client, PAGE)
    assert client.post(f"{PAGE}/restore", data={"csrf_token": token, "commit": commit}).status_code == 400
    with pytest.raises(UnknownVersion):
        history.text_at(content, MATERIAL, commit)
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []


def test_a_commit_of_another_file_is_not_a_version_of_this_one(app, content, commits, people):
    other = content / "materials" / "protection-order.en.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    git(content, "commit", "-q", "-am", "English only")
    elsewhere = git(content, "rev-parse", "HEAD")
    client = signed_in(app, "editor")
    assert client.get(f"{PAGE}/diff?a={elsewhere}&b={commits[0]}").status_code == 400
    with pytest.raises(UnknownVersion):
        history.text_at(content, MATERIAL, elsewhere)
    with pytest.raises(UnsafePath):
        history.versions(content, "../outside.ro.md")


def test_who_may_see_the_history(app, commits, people):
    assert signed_in(app, "specialist").get(PAGE).status_code == 404  # not there for their role
    assert signed_in(app, "reviewer").get(PAGE).status_code == 200
    translator = signed_in(app, "translator")
    assert translator.get(PAGE).status_code == 403  # Romanian is not one of their languages
    assert translator.get(f"{PAGE}/diff").status_code == 403
    assert translator.get("/ro/editor/history/materials/protection-order.ru.md").status_code == 200


def test_reviewers_see_versions_but_do_not_restore(app, commits, people):
    reviewer = signed_in(app, "reviewer")
    html = reviewer.get(PAGE).get_data(as_text=True)
    assert 'name="commit"' not in html
    token = csrf_token(reviewer, PAGE)
    assert (
        reviewer.post(f"{PAGE}/restore", data={"csrf_token": token, "commit": commits[0]}).status_code == 404
    )


def test_restore_without_a_valid_token_changes_nothing(app, commits, people):
    client = signed_in(app, "editor")
    assert client.post(f"{PAGE}/restore", data={"commit": commits[0]}).status_code == 400
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []


def test_an_admin_sets_a_translators_languages_and_the_history_follows(app, make_user, people):
    make_user("boss@example.org", role="admin")
    admin = signed_in(app, "boss")
    path = f"/ro/admin/users/{people['translator']}"
    page = admin.get(path).get_data(as_text=True)
    assert re.search(r'value="ru" id="languages-ru" checked', page)
    assert 'value="uk" id="languages-uk">' in page
    assert 'value="ro"' not in page  # translators translate from Romanian, never into it
    form = {"role": "translator", "agency": "", "active": "y", "csrf_token": csrf_token(admin, path)}
    assert admin.post(path, data={**form, "languages": ["uk", "en"]}).status_code == 200
    with app.app_context():
        assert db.session.get(User, people["translator"]).languages == "en,uk"
    translator = signed_in(app, "translator")
    assert translator.get("/ro/editor/history/materials/protection-order.en.md").status_code == 200
    assert translator.get("/ro/editor/history/materials/protection-order.ru.md").status_code == 403
    refused = admin.post(path, data={**form, "languages": ["ro", "uk"]})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Alegeți limbi din listă." in html
    assert re.search(r'value="uk" id="languages-uk" checked', html)  # what was chosen stays
    with app.app_context():
        assert db.session.get(User, people["translator"]).languages == "en,uk"


def test_the_status_page_links_drafts_to_their_versions(app, make_user, people):
    make_user("boss@example.org", role="admin")
    html = signed_in(app, "boss").get("/ro/editor/status").get_data(as_text=True)
    assert 'href="/ro/editor/history/materials/secret-draft.ro.md">Versiuni</a>' in html
