"""Editors change the agencies through a form (never YAML); an agency that accounts belong to keeps its id."""

from __future__ import annotations

import pytest
import yaml
from accounts_helpers import csrf_token, sign_in
from editorial_helpers import git, posted_form, refused
from sqlalchemy import select

from portal.editorial.models import Draft
from portal.extensions import db

URL = "/ro/editor/agencies"
SECOND = """
  - id: sud
    name: {ro: ATAS Sud, ru: ТАСП Юг, uk: ТАСД Південь, en: ATAS South}
    seat: Cahul
    to_complete: The districts are not confirmed.
    verified: 2026-11-22
"""


@pytest.fixture
def app(make_app, content):
    with (content / "agencies.yml").open("a", encoding="utf-8") as handle:
        handle.write(SECOND)
    git(content, "commit", "-qam", "A second agency")
    return make_app(CONTENT_DIR=str(content))


def agencies_in(text: str) -> list[dict]:
    return yaml.safe_load(text)["agencies"]


def published(content) -> list[dict]:
    return agencies_in((content / "agencies.yml").read_text(encoding="utf-8"))


def the_draft(app) -> Draft:
    with app.app_context():
        return db.session.scalars(select(Draft).where(Draft.path == "agencies.yml")).one()


def test_a_changed_russian_name_is_saved_and_nothing_else_changes(app, content, editor):
    before = published(content)
    html = editor.get(URL).get_data(as_text=True)
    assert 'value="ТАСП Центр"' in html and 'value="Ialoveni, Criuleni, Dubăsari, Strășeni"' in html
    data = posted_form(editor, URL)
    data["a1-name-ru"] = "ТАСП «Юг»"
    assert editor.post(URL, data=data).status_code == 302
    before[1]["name"]["ru"] = "ТАСП «Юг»"
    assert agencies_in(the_draft(app).text) == before


def test_every_published_agency_comes_back_unchanged_through_the_form():
    from portal.content import yamltext
    from portal.editorial import agency_form

    with open("content/agencies.yml", encoding="utf-8") as handle:
        real = yamltext.load(handle.read())["agencies"]
    form = {"agencies": str(len(real))}
    for index, block in enumerate(agency_form.blocks_of(real)[: len(real)]):
        prefix = f"a{index}-"
        for name in ("id", "was", "seat", "districts", "verified", "to_complete"):
            form[prefix + name] = getattr(block, name)
        form |= {f"{prefix}name-{lang}": text for lang, text in block.texts["name"].items()}
    blocks, problems = agency_form.read_blocks(form, {"centru"})
    assert problems == {}
    assert agencies_in(agency_form.compose(blocks)) == real


def test_an_emptied_agency_is_removed(app, editor):
    data = posted_form(editor, URL)
    for name in [k for k in data if k.startswith("a1-") and k != "a1-was"]:
        data[name] = ""
    assert editor.post(URL, data=data).status_code == 302
    assert [a["id"] for a in agencies_in(the_draft(app).text)] == ["centru"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("a1-name-ro", "", "Scrieți numele agenției în limba română."),
        ("a1-verified", "22.11.2026", "Scrieți data în forma AAAA-LL-ZZ, de exemplu 2026-11-22."),
        ("a1-id", "Sud!", "Folosiți litere mici, cifre și cratime, de exemplu centru-est."),
        ("a1-id", "centru", "O altă agenție are deja acest nume."),
    ],
)
def test_a_bad_value_is_explained_next_to_its_field_and_what_was_typed_stays(
    app, editor, field, value, message
):
    data = posted_form(editor, URL)
    data[field] = value
    data["a1-seat"] = "Cahul (oraș)"
    html = refused(app, editor, URL, data, field, message)
    assert f'name="{field}" value="{value}"' in html
    assert 'value="Cahul (oraș)"' in html


def test_an_agency_accounts_belong_to_cannot_be_removed_or_renamed(app, editor, make_user):
    make_user("ion@example.org", role="specialist", agency="sud")
    data = posted_form(editor, URL)
    data["a1-id"] = "south"
    html = editor.post(URL, data=data).get_data(as_text=True)
    refusal = (
        "Agenției sud îi aparțin conturi: nu poate fi eliminată sau redenumită"
        " până când acestea nu sunt mutate."
    )
    assert refusal in html and 'id="a1-id-error"' in html
    for name in [k for k in data if k.startswith("a1-") and k != "a1-was"]:
        data[name] = ""
    response = editor.post(URL, data=data)
    assert response.status_code == 422 and refusal in response.get_data(as_text=True)


def test_the_draft_goes_through_review_and_the_public_page_shows_the_change(app, content, editor):
    data = posted_form(editor, URL)
    data["a0-name-ru"] = "ТАСП «Центр»"
    data["action"], data["comment"] = "submit", "Nume în rusă"
    assert editor.post(URL, data=data).status_code == 302
    draft = the_draft(app)
    reviewer = app.test_client()
    sign_in(reviewer, "reviewer@example.org")
    token = csrf_token(reviewer, "/ro/editor/review/")
    response = reviewer.post(f"/ro/editor/review/{draft.id}/publish", data={"csrf_token": token})
    assert response.status_code == 303
    assert published(content)[0]["name"]["ru"] == "ТАСП «Центр»"
    assert "ТАСП «Центр»" in app.test_client().get("/ru/services").get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {"agencies": "3"},
        {"agencies": "-5", "a0-id": "x"},
        {"agencies": "1", "a0-id": "\x00", "a0-name-ro": "a\x00", "a0-verified": "\x00"},
        {"agencies": "1", "a0-id": "a" * 200_000, "a0-to_complete": "b" * 200_000, "a0-name-ro": "Ok"},
    ],
)
def test_no_input_gives_a_server_error(editor, data):
    response = editor.post(URL, data=data | {"csrf_token": csrf_token(editor, URL)})
    assert response.status_code in (302, 422)


@pytest.mark.parametrize("role", ["translator", "specialist"])
def test_other_roles_cannot_open_the_form(app, make_user, role):
    make_user("someone@example.org", role=role)
    client = app.test_client()
    sign_in(client, "someone@example.org")
    assert client.get(URL).status_code == 404


def test_publishing_refuses_to_drop_an_agency_an_account_joined_after_the_draft(
    app, content, editor, make_user
):
    data = posted_form(editor, URL)
    for name in [k for k in data if k.startswith("a1-") and k != "a1-was"]:
        data[name] = ""
    data["action"] = "submit"
    assert editor.post(URL, data=data).status_code == 302  # nobody belonged to sud yet
    make_user("ion@example.org", role="specialist", agency="sud")
    reviewer = app.test_client()
    sign_in(reviewer, "reviewer@example.org")
    token = csrf_token(reviewer, "/ro/editor/review/")
    response = reviewer.post(f"/ro/editor/review/{the_draft(app).id}/publish", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Agenției sud îi aparțin conturi" in response.get_data(as_text=True)
    assert [a["id"] for a in published(content)] == ["centru", "sud"]
