"""Editors change the help lines through a form (never YAML); a wrong number is caught before review."""

from __future__ import annotations

import pytest
import yaml
from accounts_helpers import sign_in
from editorial_helpers import git, posted_form, refused
from sqlalchemy import select

from portal.accounts.models import User
from portal.editorial import workflow
from portal.editorial.models import Draft
from portal.extensions import db

URL = "/ro/editor/hotlines"


@pytest.fixture
def app(make_app, content):
    return make_app(CONTENT_DIR=str(content))


def published(content) -> list[dict]:
    return yaml.safe_load((content / "hotlines.yml").read_text(encoding="utf-8"))["hotlines"]


def test_the_form_shows_every_line_with_its_names_in_four_languages(editor, content):
    html = editor.get(URL).get_data(as_text=True)
    first = published(content)[0]
    assert f'value="{first["number"]}"' in html
    for lang in ("ro", "ru", "uk", "en"):
        assert f'name="h0-name-{lang}"' in html
    assert "hotlines:" not in html


def test_a_changed_number_goes_through_review_into_the_file_and_nothing_else_changes(app, content, editor):
    before = published(content)
    data = posted_form(editor, URL)
    data["h0-hours-en"] = "Day and night"
    data["action"], data["comment"] = "submit", "Program în engleză"
    assert editor.post(URL, data=data).status_code == 302
    with app.app_context():
        draft = db.session.scalars(select(Draft).where(Draft.path == "hotlines.yml")).one()
        assert draft.state == "pending"
        reviewer = db.session.scalars(select(User).where(User.email == "reviewer@example.org")).one()
        workflow.publish(reviewer, draft, content)
    after = published(content)
    assert after[0]["hours"]["en"] == "Day and night"
    assert [line for line in after[1:]] == before[1:]
    assert {k: v for k, v in after[0].items() if k != "hours"} == {
        k: v for k, v in before[0].items() if k != "hours"
    }
    assert git(content, "log", "-1", "--format=%s") == "Program în engleză"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("h0-tel", "08008-8008", "Doar cifre, cu + la început pentru un număr internațional."),
        ("h0-tel", "080088009", "Numărul care se formează diferă de numărul afișat."),
        ("h0-number", "call us", "Scrieți numărul așa cum îl formează oamenii, de exemplu 0 8008 8008."),
        ("h0-name-ro", "", "Scrieți numele liniei în limba română."),
        ("h0-verified", "2026-13-45", "Scrieți data în forma AAAA-LL-ZZ, de exemplu 2026-11-22."),
        ("h0-id", "Trust Line", "Folosiți litere mici, cifre și cratime, de exemplu trust-line."),
    ],
)
def test_a_bad_value_is_explained_next_to_its_field_and_what_was_typed_stays(
    app, editor, field, value, message
):
    data = posted_form(editor, URL)
    if field == "h0-tel" and value == "080088009":
        data["h0-number"] = "0 8008 8008"
    data[field] = value
    assert f'value="{value}"' in refused(app, editor, URL, data, field, message)


def test_a_second_line_with_the_same_name_is_refused(editor):
    data = posted_form(editor, URL)
    data["h1-id"] = data["h0-id"]
    assert "O altă linie de ajutor are deja acest nume." in editor.post(URL, data=data).get_data(as_text=True)


def test_a_specialist_cannot_open_the_form(app, make_user):
    make_user("ana@example.org", role="specialist")
    client = app.test_client()
    sign_in(client, "ana@example.org")
    assert client.get(URL).status_code == 404
