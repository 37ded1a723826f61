"""Editors change the competency matrix through a form (never YAML); a competency in use keeps its id."""

from __future__ import annotations

import pytest
import yaml
from accounts_helpers import csrf_token, sign_in
from editorial_helpers import git, posted_form, refused
from sqlalchemy import select

from portal.editorial.models import Draft
from portal.extensions import db

URL = "/ro/editor/competencies"
SECOND = """
      - id: law.reporting
        name: {ro: Sesizarea, ru: Сообщение о насилии, uk: Повідомлення про насильство, en: Reporting}
        targets: {specialist: 2, psychologist: 1, supervisor: 2}
"""


@pytest.fixture
def app(make_app, content):
    with (content / "competencies.yml").open("a", encoding="utf-8") as handle:
        handle.write(SECOND)
    git(content, "commit", "-qam", "A second competency")
    return make_app(CONTENT_DIR=str(content))


def published(content) -> dict:
    return yaml.safe_load((content / "competencies.yml").read_text(encoding="utf-8"))


def the_draft(app) -> Draft:
    with app.app_context():
        return db.session.scalars(select(Draft).where(Draft.path == "competencies.yml")).one()


def test_a_changed_russian_name_is_saved_and_nothing_else_changes(app, content, editor):
    before = published(content)
    html = editor.get(URL).get_data(as_text=True)
    assert 'value="Защитные предписания"' in html and "Explică ordinele." in html
    data = posted_form(editor, URL)
    data["c0-name-ru"] = "Защитные ордера"
    assert editor.post(URL, data=data).status_code == 302
    before["areas"][0]["competencies"][0]["name"]["ru"] = "Защитные ордера"
    assert yaml.safe_load(the_draft(app).text) == before


def test_the_real_matrix_comes_back_unchanged_through_the_form():
    from portal.content import yamltext
    from portal.editorial import matrix_form

    with open("content/competencies.yml", encoding="utf-8") as handle:
        real = yamltext.load(handle.read())
    blocks = matrix_form.blocks_of(real)
    form = {"levels": str(len(blocks.levels)), "areas": str(len(blocks.areas))}
    form["competencies"] = str(len(blocks.competencies))
    for index, level in enumerate(blocks.levels):
        form[f"l{index}-level"] = str(level.level)
        for name, texts in level.texts.items():
            form |= {f"l{index}-{name}-{lang}": text for lang, text in texts.items()}
    for index, area in enumerate(blocks.areas):
        form |= {f"a{index}-{n}": getattr(area, n) for n in ("id", "was", "articles", "frameworks")}
        form |= {f"a{index}-name-{lang}": text for lang, text in area.texts["name"].items()}
    for index, competency in enumerate(blocks.competencies):
        form |= {f"c{index}-{n}": getattr(competency, n) for n in ("id", "was", "area")}
        form |= {f"c{index}-target-{role}": level for role, level in competency.targets.items()}
        for name, texts in competency.texts.items():
            form |= {f"c{index}-{name}-{lang}": text for lang, text in texts.items()}
    read, problems = matrix_form.read_blocks(form, blocks.roles, blocks.write_roles, {})
    assert problems == {}
    assert yaml.safe_load(matrix_form.compose(read)) == real


def test_an_emptied_competency_is_removed(app, editor):
    data = posted_form(editor, URL)
    for name in [k for k in data if k.startswith("c1-") and k not in ("c1-was", "c1-area")]:
        data[name] = ""
    assert editor.post(URL, data=data).status_code == 302
    competencies = yaml.safe_load(the_draft(app).text)["areas"][0]["competencies"]
    assert [c["id"] for c in competencies] == ["law.protection-orders"]


def test_a_competency_a_quiz_or_lesson_refers_to_cannot_be_removed_or_renamed(app, editor):
    data = posted_form(editor, URL)
    data["c0-id"] = "law.orders"
    response = editor.post(URL, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "La competența law.protection-orders se referă" in html
    assert "trainings/demo-module/quiz.ro.yml" in html and 'id="c0-id-error"' in html
    assert 'value="law.orders"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("c1-name-ro", "", "Scrieți numele competenței în limba română."),
        ("c1-target-specialist", "7", "Alegeți un nivel de la 1 la 4."),
        ("c1-id", "reporting", "Scrieți numele scurt al domeniului, un punct și litere mici"),
        ("a0-articles", "52, 99", "Scrieți numere de articole ale Convenției de la Istanbul de la 1 la 81"),
        ("l0-name-ro", "", "Scrieți numele nivelului în limba română."),
    ],
)
def test_a_bad_value_is_explained_next_to_its_field_and_what_was_typed_stays(
    app, editor, field, value, message
):
    data = posted_form(editor, URL)
    data[field] = value
    data["c1-name-uk"] = "Повідомлення про насильство вдома"
    html = refused(app, editor, URL, data, field, message)
    assert 'value="Повідомлення про насильство вдома"' in html


def test_the_draft_goes_through_review_and_the_matrix_page_shows_the_change(app, content, editor):
    data = posted_form(editor, URL)
    data["c1-name-ru"] = "Сообщение в полицию"
    data["action"], data["comment"] = "submit", "Nume în rusă"
    assert editor.post(URL, data=data).status_code == 302
    draft = the_draft(app)
    reviewer = app.test_client()
    sign_in(reviewer, "reviewer@example.org")
    token = csrf_token(reviewer, "/ro/editor/review/")
    response = reviewer.post(f"/ro/editor/review/{draft.id}/publish", data={"csrf_token": token})
    assert response.status_code == 303
    assert published(content)["areas"][0]["competencies"][1]["name"]["ru"] == "Сообщение в полицию"
    assert "Сообщение в полицию" in editor.get("/ru/learning/").get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"levels": "9", "areas": "9", "competencies": "9"},
        {"areas": "1", "a0-id": "law", "a0-name-ro": "Drept", "competencies": "1", "c0-id": "law.x\x00"},
        {
            "areas": "1",
            "a0-id": "x" * 100_000,
            "a0-articles": "9" * 5000,
            "competencies": "1",
            "c0-area": "\x00",
        },
        {"levels": "1", "l0-level": "99999999999999999999", "l0-name-ro": "Nivel"},
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


def test_publishing_refuses_a_matrix_that_would_leave_a_lesson_pointing_nowhere(app, content, editor):
    data = posted_form(editor, URL)
    for name in [k for k in data if k.startswith("c1-") and k not in ("c1-was", "c1-area")]:
        data[name] = ""
    data["action"] = "submit"
    assert editor.post(URL, data=data).status_code == 302  # nothing refers to law.reporting yet
    cover = content / "trainings" / "demo-module" / "index.ro.md"
    cover.write_text(
        cover.read_text(encoding="utf-8").replace(
            "competency: law.protection-orders", "competency: law.reporting"
        ),
        encoding="utf-8",
    )
    git(content, "commit", "-qam", "The module now teaches reporting")
    reviewer = app.test_client()
    sign_in(reviewer, "reviewer@example.org")
    token = csrf_token(reviewer, "/ro/editor/review/")
    response = reviewer.post(f"/ro/editor/review/{the_draft(app).id}/publish", data={"csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "trainings/demo-module/index.ro.md:1: error: unknown competency &#39;law.reporting&#39;" in html
    assert "law.reporting" in (content / "competencies.yml").read_text(encoding="utf-8")


def test_the_status_page_leads_to_each_data_file_form(editor):
    html = editor.get("/ro/editor/status").get_data(as_text=True)
    for address, label in [
        ("/ro/editor/hotlines", "Editați liniile de ajutor"),
        ("/ro/editor/services", "Editați serviciile"),
        ("/ro/editor/agencies", "Editați agențiile"),
        ("/ro/editor/competencies", "Editați matricea de competențe"),
    ]:
        assert f'<a href="{address}">{label}</a>' in html
        assert editor.get(address).status_code == 200


def test_a_competency_in_a_learners_record_cannot_be_removed(app, editor, make_user):
    from portal.learning.models import SelfAssessment

    learner = make_user("ana@example.org", role="specialist")
    with app.app_context():
        db.session.add(SelfAssessment(user_id=learner.id, competency="law.reporting", level=2))
        db.session.commit()
    data = posted_form(editor, URL)
    for name in [k for k in data if k.startswith("c1-") and k not in ("c1-was", "c1-area")]:
        data[name] = ""
    response = editor.post(URL, data=data)
    assert response.status_code == 422
    assert "La competența law.reporting se referă fișele cursanților" in response.get_data(as_text=True)
