"""Editors change the services directory through a form (never YAML); a service pages link to keeps its id."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from accounts_helpers import csrf_token, sign_in
from editorial_helpers import git, posted_form, refused
from sqlalchemy import select

from portal.editorial import service_form
from portal.editorial.models import Draft
from portal.extensions import db

URL = "/ro/editor/services"
SECOND = """
  - id: legal-aid-chisinau
    category: legal-aid
    name: {ro: Asistență juridică Chișinău, ru: Юридическая помощь Кишинёв, en: Legal aid Chișinău}
    description: {ro: Consultații gratuite., en: Free advice.}
    place: {ro: Chișinău, ru: Кишинёв}
    phones: ["022 234 567", "+373 69 123 456"]
    districts: [Chișinău, Ialoveni]
    hours: {ro: Luni–vineri 9–17}
    verified: 2026-10-01
    sources: [cnajgs.md, lex.justice.md]
    to_complete: Street address.
"""
LINK = "\n\nVedeți [asistența juridică](/services#legal-aid-chisinau).\n"


@pytest.fixture
def app(make_app, content):
    with (content / "services.yml").open("a", encoding="utf-8") as handle:
        handle.write(SECOND)
    page = content / "guides" / "demo-guide" / "first-steps.ro.md"
    page.write_text(page.read_text(encoding="utf-8") + LINK, encoding="utf-8")
    git(content, "commit", "-qam", "A second service, linked from the guide")
    return make_app(CONTENT_DIR=str(content))


def services_in(text: str) -> list[dict]:
    return yaml.safe_load(text)["services"]


def published(content) -> list[dict]:
    return services_in((content / "services.yml").read_text(encoding="utf-8"))


def the_draft(app) -> Draft:
    with app.app_context():
        return db.session.scalars(select(Draft).where(Draft.path == "services.yml")).one()


def test_the_form_shows_every_service_with_its_texts_in_four_languages(editor):
    html = editor.get(URL).get_data(as_text=True)
    assert 'value="Центр семейного правосудия"' in html
    assert 'value="022 234 567, +373 69 123 456"' in html
    assert '<option value="legal-aid" selected>Asistență juridică</option>' in html
    assert 'name="s2-id" value=""' in html  # a blank block to add a service
    assert "services:" not in html


def test_a_changed_russian_name_is_saved_and_nothing_else_changes(app, content, editor):
    before = published(content)
    data = posted_form(editor, URL)
    data["s1-name-ru"] = "Юридическая помощь, Кишинёв"
    assert editor.post(URL, data=data).status_code == 302
    after = services_in(the_draft(app).text)
    assert after[1]["name"]["ru"] == "Юридическая помощь, Кишинёв"
    before[1]["name"]["ru"] = "Юридическая помощь, Кишинёв"
    assert after == before
    drafts = editor.get("/ro/editor/drafts").get_data(as_text=True)
    assert '<a href="/ro/editor/services"><code>services.yml</code></a>' in drafts
    assert 'value="Юридическая помощь, Кишинёв"' in editor.get(URL).get_data(
        as_text=True
    )  # the draft reopens


def test_every_published_service_comes_back_unchanged_through_the_form():
    from portal.content import yamltext

    with open("content/services.yml", encoding="utf-8") as handle:
        real = yamltext.load(handle.read())["services"]
    form = {"services": str(len(real))}
    for index, block in enumerate(service_form.blocks_of(real)[: len(real)]):
        prefix = f"s{index}-"
        for name in ("id", "was", "category", "phones", "districts", "verified", "sources", "to_complete"):
            form[prefix + name] = getattr(block, name)
        for name, texts in block.texts.items():
            form |= {f"{prefix}{name}-{lang}": text for lang, text in texts.items()}
    blocks, problems = service_form.read_blocks(form, {})
    assert problems == {}
    assert services_in(service_form.compose(blocks)) == real


def test_an_emptied_service_is_removed(app, editor):
    data = posted_form(editor, URL)
    for name in [k for k in data if k.startswith("s0-") and k != "s0-was"]:
        data[name] = ""
    assert editor.post(URL, data=data).status_code == 302
    assert [s["id"] for s in services_in(the_draft(app).text)] == ["legal-aid-chisinau"]


def test_a_new_service_is_added_in_the_blank_block(app, editor):
    data = posted_form(editor, URL)
    data |= {
        "s2-id": "new-shelter",
        "s2-category": "shelter",
        "s2-name-ro": "Adăpost nou",
        "s2-phones": "112",
    }
    assert editor.post(URL, data=data).status_code == 302
    added = services_in(the_draft(app).text)[2]
    assert added == {
        "id": "new-shelter",
        "category": "shelter",
        "name": {"ro": "Adăpost nou"},
        "phones": ["112"],
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "s1-phones",
            "022 234 567, call us",
            "Scrieți numărul așa cum îl formează oamenii, de exemplu 0 8008 8008.",
        ),
        (
            "s1-phones",
            "022 234",
            "022 234 nu poate fi format: dați un număr moldovenesc de 9 cifre sau unul cu +373.",
        ),
        ("s1-name-ro", "", "Scrieți numele serviciului în limba română."),
        ("s1-verified", "2026-13-45", "Scrieți data în forma AAAA-LL-ZZ, de exemplu 2026-11-22."),
        ("s1-id", "Legal Aid", "Folosiți litere mici, cifre și cratime, de exemplu family-justice-center."),
        ("s1-id", "family-justice-center", "Un alt serviciu are deja acest nume."),
        ("s1-category", "bakery", "Alegeți tipul serviciului."),
    ],
)
def test_a_bad_value_is_explained_next_to_its_field_and_what_was_typed_stays(
    app, editor, field, value, message
):
    data = posted_form(editor, URL)
    data[field] = value
    data["s1-name-uk"] = "Юридична допомога, Кишинів"  # typed beside the mistake
    html = refused(app, editor, URL, data, field, message)
    if field != "s1-category":
        assert f'name="{field}" value="{value}"' in html
    assert 'value="Юридична допомога, Кишинів"' in html


def test_a_service_a_page_links_to_cannot_be_removed_or_renamed(editor):
    data = posted_form(editor, URL)
    data["s1-id"] = "legal-aid"
    data["s0-name-en"] = "Family Justice Centre"
    html = editor.post(URL, data=data).get_data(as_text=True)
    assert (
        "Serviciul legal-aid-chisinau are linkuri din guides/demo-guide/first-steps.ro.md: păstrați-i numele"
        " sau modificați mai întâi acele pagini."
    ) in html
    assert 'id="s1-id-error"' in html
    assert 'value="legal-aid"' in html and 'value="Family Justice Centre"' in html
    data["s1-id"] = ""
    for name in [k for k in data if k.startswith("s1-") and k != "s1-was"]:
        data[name] = ""
    assert 'id="s1-id-error"' in editor.post(URL, data=data).get_data(as_text=True)


def test_the_draft_goes_through_review_and_the_public_page_shows_the_change(app, content, editor):
    data = posted_form(editor, URL)
    data["s0-name-ru"] = "Центр семейного правосудия (Кишинёв)"
    data["action"], data["comment"] = "submit", "Nume în rusă"
    assert editor.post(URL, data=data).status_code == 302
    draft = the_draft(app)
    assert draft.state == "pending"
    reviewer = app.test_client()
    sign_in(reviewer, "reviewer@example.org")
    queue = reviewer.get("/ro/editor/review/").get_data(as_text=True)
    assert "Центр семейного правосудия (Кишинёв)" in queue
    token = csrf_token(reviewer, "/ro/editor/review/")
    assert (
        reviewer.post(f"/ro/editor/review/{draft.id}/publish", data={"csrf_token": token}).status_code == 303
    )
    assert published(content)[0]["name"]["ru"] == "Центр семейного правосудия (Кишинёв)"
    assert published(content)[1]["verified"] == date(2026, 10, 1)
    assert "Центр семейного правосудия (Кишинёв)" in app.test_client().get("/ru/services").get_data(
        as_text=True
    )
    assert git(content, "log", "-1", "--format=%s") == "Nume în rusă"


@pytest.mark.parametrize(
    "data",
    [
        {"services": "1"},
        {"services": "99999999999"},
        {"services": "x", "s0-id": "a"},
        {"services": "1", "s0-id": "a\x00b", "s0-name-ro": "\x00", "s0-category": "shelter"},
        {"services": "1", "s0-id": "x" * 100_000, "s0-name-ro": "Nume" * 50_000, "s0-phones": "1," * 5000},
        {"services": "1", "s0-verified": "99999-99-99", "s0-phones": "(((("},
        {"services": "1", "s0-id": "a", "s0-category": "shelter", "s0-name-ro": "A", "comment": "x\x00y"},
        {"services": "1", "s0-id": "a", "s0-category": "shelter", "s0-name-ro": "A", "action": "submit"},
    ],
)
def test_no_input_gives_a_server_error(editor, data):
    response = editor.post(URL, data=data | {"csrf_token": csrf_token(editor, URL)})
    assert response.status_code in (302, 422)


@pytest.mark.parametrize(("role", "status"), [("translator", 404), ("specialist", 404), ("reviewer", 404)])
def test_other_roles_cannot_open_the_form(app, make_user, role, status):
    make_user("someone@example.org", role=role)
    client = app.test_client()
    sign_in(client, "someone@example.org")
    assert client.get(URL).status_code == status
