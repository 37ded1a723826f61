"""Signed-in pages speak the reader's language: matrix areas, competencies and role names, never a code."""

from __future__ import annotations

import re

import pytest
from learning_helpers import signed_in

# From tests/corpus/competencies.yml: the "law" area and its protection-orders competency.
NAMES = {
    "ro": ("Drept și drepturi", "Ordine de protecție"),
    "ru": ("Право и права", "Защитные предписания"),
    "uk": ("Право і права", "Захисні приписи"),
    "en": ("Law and rights", "Protection orders"),
}
SPECIALIST = {"ro": "Specialist", "ru": "Специалист", "uk": "Фахівець", "en": "Specialist"}


def text_of(html: str) -> str:
    main = html[html.index("<main") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize("lang", ["ru", "uk", "en"])
def test_my_learning_names_areas_and_competencies_in_the_page_language(app, make_user, lang):
    client, _ = signed_in(app, make_user, "ana@example.org")
    text = text_of(client.get(f"/{lang}/learning/").get_data(as_text=True))
    area, competency = NAMES[lang]
    assert area in text and competency in text
    assert NAMES["ro"][0] not in text and NAMES["ro"][1] not in text


@pytest.mark.parametrize("lang", ["ro", "ru", "uk", "en"])
def test_roles_are_named_in_the_page_language_on_the_dashboard_record_and_account(app, make_user, lang):
    learner = make_user("mine@example.org", agency="centru")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    pages = [
        f"/{lang}/supervision/",
        f"/{lang}/supervision/learners/{learner.id}",
        f"/{lang}/account/",
    ]
    for page in pages:
        text = text_of(supervisor.get(page).get_data(as_text=True))
        assert not re.search(r"\bspecialist\b|\bsupervisor\b", text), page  # the codes, lower-case
    dashboard = text_of(supervisor.get(f"/{lang}/supervision/").get_data(as_text=True))
    assert f"({SPECIALIST[lang]})" in dashboard


CODES = re.compile(r"\b(?:specialist|psychologist|supervisor|translator|reviewer|admin)\b")


@pytest.mark.parametrize("lang", ["ro", "ru", "uk", "en"])
def test_no_role_code_on_the_admins_pages(app, make_user, lang):
    for email, role in (("psy@example.org", "psychologist"), ("tr@example.org", "translator")):
        make_user(email, role=role, agency="centru")
    make_user("rev@example.org", role="reviewer", agency=None)
    admin, _ = signed_in(app, make_user, "boss@example.org", role="admin")
    for page in (f"/{lang}/admin/users", f"/{lang}/admin/users/new", f"/{lang}/account-requests"):
        response = admin.get(page)
        assert response.status_code == 200, page
        found = CODES.findall(text_of(response.get_data(as_text=True)))
        assert found == [], (page, found)
