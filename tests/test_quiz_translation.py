"""A quiz's translation on the desk and in its form: texts beside the Romanian, the shape kept, reviewed."""

from __future__ import annotations

import re

import pytest
import yaml
from accounts_helpers import csrf_token, sign_in
from editorial_helpers import git
from sqlalchemy import select

from portal.accounts.models import User
from portal.editorial.models import Draft
from portal.extensions import db

PATH = "/ro/editor/translations/ru/quiz/demo-module"
RU_COVER = """---
title: Демонстрационный модуль
summary: Краткое введение.
status: published
audience: specialist
reviewed: 2026-11-20
outcomes:
  - competency: law.protection-orders
    level: 2
    text: Объясняет защитное предписание.
sources: ["Закон № 45/2007"]
source_hash: abcdefabcdef
---

Модуль для проверки.
"""
ANSWERS = {
    "q1-text": "Кто выдаёт защитное предписание?",
    "q1-a": "Суд",
    "q1-b": "Сосед",
    "q1-explanation": "Предписание выдаёт суд.",
    "q2-text": "Кто может подать заявление?",
    "q2-a": "Пострадавшая",
    "q2-b": "Полиция с согласия пострадавшей",
    "q2-c": "Агрессор",
    "q2-explanation": "Пострадавшая или, по её просьбе, полиция.",
}


@pytest.fixture
def app(make_app, content):
    (content / "trainings" / "demo-module" / "index.ru.md").write_text(RU_COVER, encoding="utf-8")
    git(content, "add", "-A")
    git(content, "commit", "-q", "-m", "Russian cover of the demo module")
    return make_app(CONTENT_DIR=str(content))


@pytest.fixture
def translator(app, make_user):
    user = make_user("translator@example.org", role="translator")
    with app.app_context():
        db.session.get(User, user.id).languages = "ru"
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, "translator@example.org").status_code == 302
    return client


def post(client, **values):
    return client.post(PATH, data={"csrf_token": csrf_token(client, PATH), **values})


def test_the_desk_lists_the_quiz_as_missing_with_a_link_to_its_form(app, translator):
    html = translator.get("/ro/editor/translations/ru").get_data(as_text=True)
    quizzes = html.split('id="quizzes-title"')[1]
    rows = {
        code: (state, row)
        for state, row, code in re.findall(
            r'<tr class="state-([a-z-]+)">(.*?<code>([^<]+)</code>.*?)</tr>', quizzes, re.S
        )
    }
    state, row = rows["trainings/demo-module/quiz.ro.yml"]
    assert state == "missing" and f'href="{PATH}"' in row
    state, row = rows["trainings/advanced-module/quiz.ro.yml"]  # its module has no Russian cover yet
    assert state == "missing" and "Traduceți mai întâi pagina de prezentare a modulului." in row


def test_the_form_shows_each_romanian_text_beside_its_field(app, translator):
    html = translator.get(PATH).get_data(as_text=True)
    assert '<p class="source-text" lang="ro" id="q1-source">Cine emite ordonanța de protecție?</p>' in html
    assert "<strong>Corect:</strong> Instanța" in html  # which answers are right comes from the Romanian
    assert 'name="q2-c"' in html and 'name="q1-explanation"' in html
    assert 'name="q1-correct"' not in html  # translators choose no answers


def test_a_missing_text_is_explained_next_to_its_field_and_everything_typed_stays(app, translator):
    response = post(translator, **{**ANSWERS, "q2-b": "  "}, action="save")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-describedby="q2-b-error"' in html and "Traduceți această variantă." in html
    assert 'value="Полиция с согласия пострадавшей"' not in html
    assert 'value="Агрессор"' in html and "Пострадавшая или, по её просьбе, полиция." in html
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []


def test_the_saved_translation_has_the_romanian_shape_and_hash_and_goes_to_review(app, translator, make_user):
    response = post(translator, **ANSWERS, comment="Первый перевод теста", action="submit")
    assert response.status_code == 302
    with app.app_context():
        draft = db.session.scalars(select(Draft)).one()
        assert (draft.path, draft.state, draft.lang) == ("trainings/demo-module/quiz.ru.yml", "pending", "ru")
        data = yaml.safe_load(draft.text)
    assert data["questions"][1] == {
        "id": "q2",
        "type": "multiple",
        "competency": "law.protection-orders",
        "text": "Кто может подать заявление?",
        "options": [
            {"id": "a", "text": "Пострадавшая", "correct": True},
            {"id": "b", "text": "Полиция с согласия пострадавшей", "correct": True},
            {"id": "c", "text": "Агрессор"},
        ],
        "explanation": "Пострадавшая или, по её просьбе, полиция.",
    }
    assert re.fullmatch(r"[0-9a-f]{12}", data["source_hash"])
    desk = translator.get("/ro/editor/translations/ru").get_data(as_text=True).split('id="quizzes-title"')[1]
    assert 'class="state-in-translation"' in desk
    page = translator.get(PATH).get_data(as_text=True)
    assert "Această traducere așteaptă recenzia." in page and "readonly" in page
    again = post(translator, **{**ANSWERS, "q1-text": "Другой текст"}, action="save")
    assert "Această traducere așteaptă recenzia." in again.get_data(as_text=True)
    with app.app_context():
        assert "Другой текст" not in db.session.scalars(select(Draft.text)).one()  # nothing changes in review

    make_user("reviewer@example.org", role="reviewer")
    reviewer = app.test_client()
    sign_in(reviewer, "reviewer@example.org")
    with app.app_context():
        draft_id = db.session.scalars(select(Draft.id)).one()
    queue = "/ro/editor/review/"
    published = reviewer.post(
        f"/ro/editor/review/{draft_id}/publish",
        data={"csrf_token": csrf_token(reviewer, queue), "comment": ""},
    )
    assert published.status_code in (302, 303)
    desk = translator.get("/ro/editor/translations/ru").get_data(as_text=True).split('id="quizzes-title"')[1]
    assert 'class="state-up-to-date"' in desk
    assert "Кто может подать заявление?" in translator.get(PATH).get_data(as_text=True)


def test_without_the_modules_translated_cover_the_quiz_waits(app, translator):
    path = "/ro/editor/translations/ru/quiz/advanced-module"  # no Russian cover of this module yet
    html = translator.get(path).get_data(as_text=True)
    assert "Traduceți mai întâi pagina de prezentare a modulului." in html and 'name="q1-text"' not in html
    token = csrf_token(translator, path)
    refused = translator.post(path, data={"csrf_token": token, **ANSWERS, "action": "save"})
    assert "Traduceți mai întâi pagina de prezentare a modulului." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []


def test_a_translator_of_other_languages_and_unknown_modules_get_404(app, make_user):
    user = make_user("uk@example.org", role="translator")
    with app.app_context():
        db.session.get(User, user.id).languages = "uk"
        db.session.commit()
    client = app.test_client()
    sign_in(client, "uk@example.org")
    assert client.get(PATH).status_code == 404
    assert client.get("/ro/editor/translations/uk/quiz/no-such-module").status_code == 404
    assert client.get("/ro/editor/translations/ro/quiz/demo-module").status_code == 404
