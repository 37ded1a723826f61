"""The route x role table: every route has a policy, and the app does what the table says for every role."""

from __future__ import annotations

import re

import pytest
from accounts_helpers import sign_in

from portal.policy import ANONYMOUS, POLICY, ROLES

REAL_VALUES = {
    "lang": "ro",
    "slug": "protection-order",
    "guide": "demo-guide",
    "section": "first-steps",
    "module": "open-module",
    "lesson": "intro",
    "token": "not-a-real-token-000000",
    "filename": "css/site.css",
    "training": "demo-module",
    "code": "0000-0000-0000-0000",
}


def url_for_rule(rule, user_id: int, attempt_id: int = 1) -> str:
    values = {**REAL_VALUES, "user_id": str(user_id), "attempt_id": str(attempt_id)}
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", values.get(name, "1"), path)
    return path


def test_every_route_has_a_policy(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(POLICY) == set(), "add the new routes to portal/policy.py POLICY"
    assert set(POLICY) - endpoints == set(), "POLICY names routes that do not exist"


def test_a_route_without_policy_is_denied(make_app, monkeypatch):
    app = make_app()

    @app.get("/ro/unlisted")
    def unlisted():
        return "should never be served"

    assert app.test_client().get("/ro/unlisted").status_code in (401, 404, 302)


@pytest.mark.parametrize("role", [ANONYMOUS, *ROLES])
def test_each_role_gets_exactly_what_the_table_allows(app, make_user, role):
    client = app.test_client()
    user_id = attempt_id = 1
    if role != ANONYMOUS:
        user = make_user(f"{role}@example.org", role=role)
        user_id = user.id
        assert sign_in(client, f"{role}@example.org").status_code == 302
        if role in POLICY["learning.quiz"]:  # the user's own quiz attempt, for the attempt page
            attempt_id = int(
                client.get("/ro/learning/demo-module/quiz").headers["Location"].rsplit("/", 1)[1]
            )
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        response = client.get(url_for_rule(rule, user_id, attempt_id))
        location = response.headers.get("Location", "")
        if role in POLICY[rule.endpoint]:
            assert response.status_code not in (401, 403) and "/login" not in location, (role, rule.rule)
            if rule.endpoint not in ("auth.set_password",):
                assert response.status_code in (200, 302, 304), (role, rule.rule, response.status_code)
        elif role == ANONYMOUS:
            assert response.status_code == 302 and "/ro/login" in location, (role, rule.rule)
        else:
            assert response.status_code == 404, (role, rule.rule, response.status_code)


@pytest.mark.parametrize(
    "role, module_status", [("specialist", 200), ("psychologist", 200), ("supervisor", 200)]
)
def test_specialist_items_are_readable_by_network_roles(app, make_user, role, module_status):
    client = app.test_client()
    make_user(f"{role}@example.org", role=role)
    sign_in(client, f"{role}@example.org")
    response = client.get("/ro/trainings/demo-module")
    assert response.status_code == module_status
    assert "specialistocaramida" in response.get_data(as_text=True)


def test_psychologist_items_are_hidden_from_specialists(make_app, make_user, tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree("tests/corpus", content)
    (content / "materials" / "for-psychologists.ro.md").write_text(
        "---\ntitle: Doar psihologi\nstatus: published\naudience: psychologist\nreviewed: 2026-11-20\n"
        "sources: [x]\n---\n\nCuvântul psihocuvantunic.\n",
        encoding="utf-8",
    )
    app = make_app(CONTENT_DIR=str(content))
    anonymous = app.test_client()
    assert anonymous.get("/ro/materials/for-psychologists").status_code == 302
    specialist = app.test_client()
    from accounts_helpers import STRONG

    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password
    from portal.extensions import db

    with app.app_context():
        for role in ("specialist", "psychologist"):
            db.session.add(
                User(
                    email=f"{role}@example.org",
                    display_name=role,
                    role=role,
                    password_hash=hash_password(STRONG),
                )
            )
        db.session.commit()
    sign_in(specialist, "specialist@example.org")
    assert specialist.get("/ro/materials/for-psychologists").status_code == 404
    psychologist = app.test_client()
    sign_in(psychologist, "psychologist@example.org")
    assert "psihocuvantunic" in psychologist.get("/ro/materials/for-psychologists").get_data(as_text=True)


def test_editors_preview_drafts_others_do_not(app, make_user):
    make_user("editor@example.org", role="editor")
    make_user("sup@example.org", role="supervisor")
    editor, supervisor = app.test_client(), app.test_client()
    sign_in(editor, "editor@example.org")
    sign_in(supervisor, "sup@example.org")
    assert "zmeurnicabarza" in editor.get("/ro/materials/secret-draft").get_data(as_text=True)
    assert supervisor.get("/ro/materials/secret-draft").status_code == 404


def test_editor_status_page_shows_coverage_and_problems(app, make_user):
    make_user("editor@example.org", role="editor")
    client = app.test_client()
    sign_in(client, "editor@example.org")
    html = client.get("/ro/editor/status").get_data(as_text=True)
    assert "Acoperirea traducerilor" in html
    assert "materials/protection-order.ro.md" in html  # missing uk translation is listed
    assert "Ciornă nepublicată" in html
