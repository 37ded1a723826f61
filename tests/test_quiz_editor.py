"""Editors change a module's quiz through a form (never YAML); it is published through review like a page."""

from __future__ import annotations

import pytest
import yaml
from editorial_helpers import git, posted_form
from sqlalchemy import select

from portal.accounts.models import User
from portal.editorial import workflow
from portal.editorial.models import Draft
from portal.extensions import db

QUIZ = "trainings/demo-module/quiz.ro.yml"
URL = "/ro/editor/trainings/demo-module/quiz"


@pytest.fixture
def app(make_app, content):
    return make_app(CONTENT_DIR=str(content))


def test_the_form_shows_the_published_questions_options_and_right_answers(editor):
    html = editor.get(URL).get_data(as_text=True)
    assert "Cine emite ordonanța de protecție?" in html
    assert 'value="Instanța"' in html and 'value="Vecinul"' in html
    assert 'name="q0-o0-correct" value="y" checked' in html  # Instanța is right
    assert 'name="q0-o1-correct" value="y">' in html  # Vecinul is not
    assert "<textarea" in html and "questions:" not in html  # a form, not YAML


def test_an_edited_and_added_question_becomes_a_pending_draft_and_is_published_by_a_reviewer(
    app, content, editor
):
    data = posted_form(editor, URL)
    data["q0-text"] = "Cine emite ordonanța de protecție în Republica Moldova?"
    new = f"q{int(data['questions']) - 1}-"  # the empty question at the end
    data.update(
        {
            f"{new}text": "În cât timp se examinează cererea?",
            f"{new}type": "single",
            f"{new}competency": "law.protection-orders",
            f"{new}o0-text": "24 de ore",
            f"{new}o0-correct": "y",
            f"{new}o1-text": "Un an",
            f"{new}explanation": "Cererea se examinează în 24 de ore.",
            "action": "submit",
            "comment": "O întrebare nouă",
        }
    )
    response = editor.post(URL, data=data)
    assert response.status_code == 302
    with app.app_context():
        draft = db.session.scalars(select(Draft).where(Draft.path == QUIZ)).one()
        assert draft.state == "pending"
        questions = yaml.safe_load(draft.text)["questions"]
        assert [q["id"] for q in questions] == ["q1", "q2", "q3"]
        assert questions[0]["text"] == "Cine emite ordonanța de protecție în Republica Moldova?"
        assert questions[2]["options"] == [
            {"id": "a", "text": "24 de ore", "correct": True},
            {"id": "b", "text": "Un an"},
        ]
        reviewer = db.session.scalars(select(User).where(User.email == "reviewer@example.org")).one()
        workflow.publish(reviewer, draft, content)
    assert "În cât timp se examinează cererea?" in (content / QUIZ).read_text(encoding="utf-8")
    assert git(content, "log", "-1", "--format=%an|%s") == "Editor|O întrebare nouă"


def test_a_single_answer_question_with_two_right_options_is_explained_and_what_was_typed_stays(app, editor):
    data = posted_form(editor, URL)
    data["q0-o1-correct"] = "y"  # now both options of a single-answer question are right
    data["q0-text"] = "Cine emite, de fapt, ordonanța?"
    response = editor.post(URL, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Marcați exact o variantă drept corectă." in html
    assert 'id="q0-options-error"' in html
    assert "Cine emite, de fapt, ordonanța?" in html
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q0-competency", "no.such-competency", "Alegeți competența pe care o dovedește această întrebare."),
        ("q0-explanation", "", "Explicați răspunsul corect: cursanții îl citesc după test."),
        ("q0-o1-text", "", "Scrieți cel puțin două variante."),
        ("q0-type", "essay", "Alegeți un singur răspuns corect sau mai multe."),
    ],
)
def test_each_bad_value_is_explained_next_to_its_field(editor, field, value, message):
    data = posted_form(editor, URL)
    data[field] = value
    html = editor.post(URL, data=data).get_data(as_text=True)
    assert message in html


def test_an_emptied_question_is_removed_and_the_others_keep_their_numbers(app, editor):
    data = posted_form(editor, URL)
    for key in [k for k in data if k.startswith("q0-") and k != "q0-id"]:
        data[key] = ""
    data.pop("q0-o0-correct", None)
    assert editor.post(URL, data=data).status_code == 302
    with app.app_context():
        text = db.session.scalars(select(Draft)).one().text
    assert [q["id"] for q in yaml.safe_load(text)["questions"]] == ["q2"]


def test_markup_typed_into_a_question_is_stored_as_text_and_shown_escaped(app, editor):
    data = posted_form(editor, URL)
    data["q0-text"] = "<script>alert(1)</script> Cine?"
    assert editor.post(URL, data=data).status_code == 302
    html = editor.get(URL).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Cine?" in html


def test_without_a_csrf_token_nothing_is_saved(app, editor):
    data = posted_form(editor, URL)
    data.pop("csrf_token")
    assert editor.post(URL, data=data).status_code == 400
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []


def test_an_unknown_module_is_not_found(editor):
    assert editor.get("/ro/editor/trainings/no-such-module/quiz").status_code == 404
