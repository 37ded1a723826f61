"""Editors edit pages in the browser, reviewers publish them: through the test client, with real roles."""

from __future__ import annotations

import re

import pytest
from accounts_helpers import csrf_token, sign_in
from editorial_helpers import git
from sqlalchemy import func, select

from portal.editorial.models import Draft
from portal.extensions import db

MATERIAL = "materials/protection-order.ro.md"
PAGE = "/ro/materials/protection-order"


@pytest.fixture
def app(make_app, content):
    return make_app(CONTENT_DIR=str(content))


@pytest.fixture
def people(app, make_user):
    for role in ("editor", "reviewer", "admin", "specialist"):
        make_user(f"{role}@example.org", role=role)
    clients = {}
    for role in ("editor", "reviewer", "admin", "specialist"):
        clients[role] = app.test_client()
        assert sign_in(clients[role], f"{role}@example.org").status_code == 302
    return clients


def start(client, path: str = MATERIAL) -> str:
    """Press Edit on the material's page; return the edit form's address."""
    response = client.post("/ro/editor/edit", data={"path": path, "csrf_token": csrf_token(client, PAGE)})
    assert response.status_code == 303
    return response.headers["Location"]


def form_values(html: str) -> dict[str, object]:
    """Read the edit form as a browser would send it (inputs, selects, textareas), with its token."""
    values: dict[str, object] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if name != "minor":
            values[name] = value
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = _unescape(body).removeprefix("\n")
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', options)
        values[name] = (
            [a or b for a, b in chosen] if name == "competencies" else (chosen[0][0] or chosen[0][1])
        )
    return {k: _unescape(v) if isinstance(v, str) else v for k, v in values.items()}


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )


def edit(client, address: str, action: str, **changes):
    """Open the edit form, change some fields, press a button; return the response."""
    values = form_values(client.get(address).get_data(as_text=True))
    body = changes.pop("body_change", None)
    if body:
        values["body"] = body(values["body"])
    values.update(changes, action=action)
    return client.post(address, data=values)


def reword(body: str) -> str:
    return body.replace("Până la trei luni.", "Până la **un an**, prelungită de instanță.")


def submitted(client, change=reword, comment: str = "Durata ordonanței") -> str:
    address = start(client)
    response = edit(client, address, "submit", body_change=change, comment=comment)
    assert response.status_code == 303, response.get_data(as_text=True)
    return address


def draft_id(address: str) -> int:
    return int(address.rstrip("/").rsplit("/", 1)[1])


def test_an_editor_sees_edit_on_a_material_and_a_visitor_does_not(app, people):
    assert 'action="/ro/editor/edit"' in people["editor"].get(PAGE).get_data(as_text=True)
    assert 'action="/ro/editor/edit"' not in people["specialist"].get(PAGE).get_data(as_text=True)
    assert 'action="/ro/editor/edit"' not in app.test_client().get(PAGE).get_data(as_text=True)
    assert 'action="/ro/editor/edit"' in people["editor"].get("/ro/guides/demo-guide/first-steps").get_data(
        as_text=True
    )


def test_the_edit_form_shows_the_front_matter_as_fields_and_the_body(app, people):
    html = people["editor"].get(start(people["editor"])).get_data(as_text=True)
    assert 'value="Ordonanța de protecție"' in html
    assert 'value="2026-11-20"' in html
    assert 'value="53"' in html
    assert re.search(r"Legea nr. 45/2007\s*</textarea>", html)
    assert re.search(r"Până la trei luni.\s*</textarea>", html)


def test_pressing_edit_again_reopens_the_same_draft(app, people):
    assert start(people["editor"]) == start(people["editor"])


def test_preview_renders_the_draft_as_the_page_would_without_publishing(app, people, content):
    address = start(people["editor"])
    response = edit(people["editor"], address, "preview", body_change=reword)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Până la <strong>un an</strong>, prelungită de instanță." in html
    assert "Până la trei luni." in (content / MATERIAL).read_text(encoding="utf-8")


def test_an_editors_change_is_published_by_a_reviewer_and_visitors_see_it(app, people, content):
    submitted(people["editor"])
    mine = people["editor"].get("/ro/editor/drafts").get_data(as_text=True)
    assert MATERIAL in mine and "Așteaptă recenzia" in mine
    queue = people["reviewer"].get("/ro/editor/review/").get_data(as_text=True)
    assert MATERIAL in queue and "Durata ordonanței" in queue and "Editor" in queue
    assert "Până la <del>trei</del> <del>luni</del>." in queue
    assert "Până la <ins>**un</ins> <ins>an**, prelungită de instanță</ins>." in queue
    token = csrf_token(people["reviewer"], "/ro/editor/review/")
    with app.app_context():
        number = db.session.scalar(select(Draft.id))
    response = people["reviewer"].post(f"/ro/editor/review/{number}/publish", data={"csrf_token": token})
    assert response.status_code == 303
    page = app.test_client().get(PAGE).get_data(as_text=True)
    assert "Până la <strong>un an</strong>, prelungită de instanță." in page
    assert git(content, "log", "-1", "--format=%an|%cn|%s") == "Editor|Reviewer|Durata ordonanței"


def test_nobody_publishes_their_own_change(app, people, content):
    address = submitted(people["admin"])
    token = csrf_token(people["admin"], "/ro/editor/review/")
    response = people["admin"].post(
        f"/ro/editor/review/{draft_id(address)}/publish", data={"csrf_token": token}
    )
    assert response.status_code == 400
    assert "Propria dumneavoastră modificare trebuie publicată de un alt recenzent." in response.get_data(
        as_text=True
    )
    assert git(content, "log", "--format=%s") == "Corpus"


def test_sending_back_needs_a_comment_and_the_author_reads_it(app, people):
    number = draft_id(submitted(people["editor"]))
    token = csrf_token(people["reviewer"], "/ro/editor/review/")
    path = f"/ro/editor/review/{number}/send-back"
    refused = people["reviewer"].post(path, data={"csrf_token": token, "comment": "  "})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert f'id="comment-{number}-error">Spuneți ce trebuie schimbat' in html
    sent = people["reviewer"].post(path, data={"csrf_token": token, "comment": "Citați articolul 12."})
    assert sent.status_code == 303
    assert "Citați articolul 12." in people["editor"].get("/ro/editor/drafts").get_data(as_text=True)


def test_a_script_in_the_body_reaches_neither_the_preview_nor_the_page(app, people):
    def inject(body: str) -> str:
        return body + '\n\n<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n'

    address = start(people["editor"])
    html = edit(people["editor"], address, "preview", body_change=inject).get_data(as_text=True)
    preview = html.split('id="preview-title"')[1]
    assert "Până la trei luni." in preview
    assert "<script" not in preview and "onerror" not in preview and 'alert("x")' not in preview
    assert edit(people["editor"], address, "submit").status_code == 303
    token = csrf_token(people["reviewer"], "/ro/editor/review/")
    response = people["reviewer"].post(
        f"/ro/editor/review/{draft_id(address)}/publish", data={"csrf_token": token}
    )
    assert response.status_code == 303
    page = app.test_client().get(PAGE).get_data(as_text=True)
    assert "Până la trei luni." in page
    assert "<script>alert" not in page and "onerror" not in page and 'alert("x")' not in page


@pytest.mark.parametrize(
    "path",
    [
        "../etc/passwd.ro.md",
        "/etc/passwd.ro.md",
        "materials/../../outside.ro.md",
        "materials/%2e%2e/outside.ro.md",
        "materials\\..\\outside.ro.md",
        "materials/nothing-here.ro.md",
        "trainings/demo-module/quiz.ro.yml",
        "hotlines.yml",
    ],
)
def test_traversal_through_edit_is_refused_and_writes_nothing(app, people, content, path):
    token = csrf_token(people["editor"], PAGE)
    response = people["editor"].post("/ro/editor/edit", data={"path": path, "csrf_token": token})
    assert response.status_code in (400, 404)
    with app.app_context():
        assert db.session.scalar(select(func.count(Draft.id))) == 0
    assert git(content, "status", "--porcelain") == ""


@pytest.mark.parametrize("slug", ["../outside", "/etc/passwd", "%2e%2e", "Big Slug"])
def test_traversal_through_new_page_is_refused_next_to_the_slug(app, people, content, slug):
    token = csrf_token(people["editor"], "/ro/editor/new")
    data = {"area": "materials", "slug": slug, "csrf_token": token}
    response = people["editor"].post("/ro/editor/new", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="slug-error"' in html
    assert f'value="{slug}"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Draft.id))) == 0
    assert git(content, "status", "--porcelain") == ""


def test_a_new_material_is_drafted_from_an_empty_form(app, people):
    token = csrf_token(people["editor"], "/ro/editor/new")
    data = {"area": "materials", "slug": "help-lines", "csrf_token": token}
    response = people["editor"].post("/ro/editor/new", data=data)
    assert response.status_code == 303
    html = people["editor"].get(response.headers["Location"]).get_data(as_text=True)
    assert "materials/help-lines.ro.md" in html


def test_without_the_csrf_token_nothing_is_published(app, people, content):
    number = draft_id(submitted(people["editor"]))
    response = people["reviewer"].post(f"/ro/editor/review/{number}/publish", data={})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Draft, number).state == "pending"
    assert git(content, "log", "--format=%s") == "Corpus"
    response = people["editor"].post("/ro/editor/edit", data={"path": MATERIAL})
    assert response.status_code == 400


def test_a_change_that_breaks_content_check_is_shown_in_preview_and_refused_at_publish(app, people, content):
    def break_link(body: str) -> str:
        return body.replace("Până la trei luni.", "Vedeți [pagina](/materials/nowhere).")

    address = start(people["editor"])
    preview = edit(people["editor"], address, "preview", body_change=break_link).get_data(as_text=True)
    assert re.search(
        r'id="body-error">.*Rândul \d+:.*broken internal link: /materials/nowhere', preview, re.S
    )
    assert edit(people["editor"], address, "submit").status_code == 303
    token = csrf_token(people["reviewer"], "/ro/editor/review/")
    response = people["reviewer"].post(
        f"/ro/editor/review/{draft_id(address)}/publish", data={"csrf_token": token}
    )
    assert response.status_code == 400
    assert "broken internal link: /materials/nowhere" in response.get_data(as_text=True)
    assert git(content, "log", "--format=%s") == "Corpus"
    assert git(content, "status", "--porcelain") == ""


def test_bad_values_are_explained_next_to_their_field_and_kept(app, people):
    address = start(people["editor"])
    response = edit(people["editor"], address, "save", reviewed="2026-13-45", title="", articles="53, nouă")
    html = response.get_data(as_text=True)
    assert 'value="2026-13-45"' in html
    assert re.search(r'id="reviewed-error">[^<]*must be a date', html)
    assert re.search(r'id="title-error">[^<]*missing required field', html)
    assert re.search(r'id="articles-error">[^<]*Convention article numbers', html)
    assert 'value="53, nouă"' in html
    again = people["editor"].get(address).get_data(as_text=True)
    assert 'value="2026-13-45"' in again


def test_a_conflict_shows_both_texts_and_the_editor_continues_from_the_published_one(app, people, content):
    address = submitted(people["editor"])
    published = (content / MATERIAL).read_text(encoding="utf-8").replace("Victima", "Persoana agresată")
    (content / MATERIAL).write_text(published, encoding="utf-8")
    git(content, "commit", "-qam", "Developer's change")
    token = csrf_token(people["reviewer"], "/ro/editor/review/")
    number = draft_id(address)
    response = people["reviewer"].post(f"/ro/editor/review/{number}/publish", data={"csrf_token": token})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "<ins>Persoana agresată</ins>" in html or "<del>Persoana agresată</del>" in html
    assert (content / MATERIAL).read_text(encoding="utf-8") == published
    back = {"csrf_token": token, "comment": "Reluați de la textul publicat."}
    assert people["reviewer"].post(f"/ro/editor/review/{number}/send-back", data=back).status_code == 303
    page = people["editor"].get(address).get_data(as_text=True)
    assert "Versiunea publicată s-a schimbat" in page
    token = csrf_token(people["editor"], address)
    rebased = people["editor"].post(address, data={"csrf_token": token, "action": "rebase"})
    html = rebased.get_data(as_text=True)
    assert "Persoana agresată sau, cu acordul ei" in html.split('name="body"')[1]
    assert "Versiunea dumneavoastră" in html and "<ins>an**, prelungită de instanță</ins>" in html


def test_odd_input_is_answered_without_an_error_page(app, people):
    address = start(people["editor"])
    response = edit(people["editor"], address, "save", title="Titlu\x00ascuns", comment="a\x00b", status="nu")
    assert response.status_code == 400
    assert re.search(r'id="status-error">', response.get_data(as_text=True))
    response = edit(people["editor"], address, "preview", body_change=lambda body: body + "\x00")
    assert response.status_code == 200
    huge = edit(people["editor"], address, "save", body_change=lambda body: "x" * 200_001)
    assert huge.status_code == 400 and 'id="body-error"' in huge.get_data(as_text=True)
    odd = people["editor"].post(
        address, data={"csrf_token": csrf_token(people["editor"], address), "action": "?"}
    )
    assert odd.status_code == 400
    assert people["editor"].get("/ro/editor/drafts/999999").status_code == 404


def test_when_git_refuses_the_reviewer_is_told_and_nothing_changes(app, people, content):
    number = draft_id(submitted(people["editor"]))
    (content / ".git" / "index.lock").write_text("", encoding="utf-8")  # another git command holds the index
    token = csrf_token(people["reviewer"], "/ro/editor/review/")
    response = people["reviewer"].post(f"/ro/editor/review/{number}/publish", data={"csrf_token": token})
    assert response.status_code == 503
    assert "Publicarea a eșuat" in response.get_data(as_text=True)
    assert "Până la trei luni." in (content / MATERIAL).read_text(encoding="utf-8")
    with app.app_context():
        assert db.session.get(Draft, number).state == "pending"


def test_a_translator_edits_only_pages_in_their_languages(app, make_user):
    from portal.accounts.models import User

    make_user("translator@example.org", role="translator")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "translator@example.org")).languages = "ru"
        db.session.commit()
    client = app.test_client()
    sign_in(client, "translator@example.org")
    assert 'action="/ru/editor/edit"' in client.get("/ru/materials/protection-order").get_data(as_text=True)
    assert 'action="/ro/editor/edit"' not in client.get(PAGE).get_data(as_text=True)
    token = csrf_token(client, "/ru/materials/protection-order")
    ru = client.post(
        "/ro/editor/edit", data={"path": "materials/protection-order.ru.md", "csrf_token": token}
    )
    assert ru.status_code == 303
    ro = client.post("/ro/editor/edit", data={"path": MATERIAL, "csrf_token": token})
    assert ro.status_code == 404
    assert client.get("/ro/editor/new").status_code == 404


def test_the_account_menu_leads_editors_to_their_drafts_and_reviewers_to_the_queue(app, people):
    editor = people["editor"].get(PAGE).get_data(as_text=True)
    reviewer = people["reviewer"].get(PAGE).get_data(as_text=True)
    specialist = people["specialist"].get(PAGE).get_data(as_text=True)
    assert '<a href="/ro/editor/drafts">Ciornele mele</a>' in editor
    assert "/ro/editor/review/" not in editor
    assert '<a href="/ro/editor/review/">Ciorne de recenzat</a>' in reviewer
    assert "/ro/editor/" not in specialist
