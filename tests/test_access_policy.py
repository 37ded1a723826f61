"""The route x role table, written out by hand: every route of the app does for every role what it says."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from accounts_helpers import STRONG, sign_in
from route_helpers import ROLES, World, csrf_refusals, location_path

from portal import policy
from portal.accounts.models import ROLES as ACCOUNT_ROLES


def _table(text: str) -> dict[str, dict[str, object]]:
    lines = [line.split() for line in text.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header == ["endpoint", "methods", *ROLES]
    table = {}
    for endpoint, methods, *outcomes in rows:
        assert endpoint not in table, endpoint
        assert len(outcomes) == len(ROLES) and set(outcomes) <= {"allow", "login", "404"}, endpoint
        table[endpoint] = {
            "methods": frozenset(methods.split(",")),
            **dict(zip(ROLES, outcomes, strict=True)),
        }
    return table


# allow: the route answers the role; login: an anonymous visitor is sent to sign in;
# 404: not there for the role. A new route goes here by hand (the first test fails until it does).
ACCESS = _table(
    """
endpoint                   methods   anonymous specialist psychologist supervisor translator editor reviewer admin
static                     GET       allow     allow      allow        allow      allow      allow  allow    allow
site.root                  GET       allow     allow      allow        allow      allow      allow  allow    allow
site.sitemap               GET       allow     allow      allow        allow      allow      allow  allow    allow
site.robots                GET       allow     allow      allow        allow      allow      allow  allow    allow
site.health                GET       allow     allow      allow        allow      allow      allow  allow    allow
site.exit                  GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.home                 GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.materials            GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.material             GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.guides               GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.guide                GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.section              GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.trainings            GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.module               GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.lesson               GET       allow     allow      allow        allow      allow      allow  allow    allow
pages.services             GET       allow     allow      allow        allow      allow      allow  allow    allow
images.image               GET       allow     allow      allow        allow      allow      allow  allow    allow
convention.index           GET       allow     allow      allow        allow      allow      allow  allow    allow
convention.article         GET       allow     allow      allow        allow      allow      allow  allow    allow
search.results             GET       allow     allow      allow        allow      allow      allow  allow    allow
search.results_json        GET       allow     allow      allow        allow      allow      allow  allow    allow
search.opensearch          GET       allow     allow      allow        allow      allow      allow  allow    allow
verification.verify        GET       allow     allow      allow        allow      allow      allow  allow    allow
auth.login                 GET,POST  allow     allow      allow        allow      allow      allow  allow    allow
auth.set_password          GET,POST  allow     allow      allow        allow      allow      allow  allow    allow
auth.forgot_password       GET,POST  allow     allow      allow        allow      allow      allow  allow    allow
account_requests.new       GET,POST  allow     allow      allow        allow      allow      allow  allow    allow
account_requests.queue     GET       login     404        404          allow      404        404    404      allow
account_requests.approve_request POST login    404        404          allow      404        404    404      allow
account_requests.decline_request POST login    404        404          allow      404        404    404      allow
auth.logout                POST      login     allow      allow        allow      allow      allow  allow    allow
account.show               GET       login     allow      allow        allow      allow      allow  allow    allow
account.change_password    POST      login     allow      allow        allow      allow      allow  allow    allow
account.change_language    POST      login     allow      allow        allow      allow      allow  allow    allow
account.logout_everywhere  POST      login     allow      allow        allow      allow      allow  allow    allow
account.email_notices      POST      login     allow      allow        allow      allow      allow  allow    allow
learning.home              GET       login     allow      allow        allow      allow      allow  allow    allow
learning.self_assessment   POST      login     allow      allow        allow      allow      allow  allow    allow
learning.start             POST      login     allow      allow        allow      allow      allow  allow    allow
learning.lesson_done       POST      login     allow      allow        allow      allow      allow  allow    allow
learning.quiz              GET,POST  login     allow      allow        allow      allow      allow  allow    allow
learning.attempt           GET,POST  login     allow      allow        allow      allow      allow  allow    allow
learning.certificate       GET       login     allow      allow        allow      allow      allow  allow    allow
learning.my_data_json      GET       login     allow      allow        allow      allow      allow  allow    allow
learning.my_data_csv       GET       login     allow      allow        allow      allow      allow  allow    allow
supervision.dashboard      GET       login     404        404          allow      404        404    404      allow
supervision.assign         POST      login     404        404          allow      404        404    404      allow
supervision.learner        GET       login     404        404          allow      404        404    404      allow
supervision.rate_learner   POST      login     404        404          allow      404        404    404      allow
supervision.export_csv     GET       login     404        404          allow      404        404    404      allow
supervision.export_xlsx    GET       login     404        404          allow      404        404    404      allow
supervision.erase          POST      login     404        404          404        404        404    404      allow
editor.status              GET       login     404        404          404        404        allow  404      allow
history.versions           GET       login     404        404          404        allow      allow  allow    allow
history.diff               GET       login     404        404          404        allow      allow  allow    allow
history.restore            POST      login     404        404          404        allow      allow  404      allow
drafts.start               POST      login     404        404          404        allow      allow  404      allow
drafts.new                 GET,POST  login     404        404          404        404        allow  404      allow
drafts.edit                GET,POST  login     404        404          404        404        allow  404      allow
drafts.mine                GET       login     404        404          404        allow      allow  404      allow
drafts.image               GET       login     404        404          404        404        allow  404      allow
review.queue               GET       login     404        404          404        404        404    allow    allow
review.publish             POST      login     404        404          404        404        404    allow    allow
review.send_back           POST      login     404        404          404        404        404    allow    allow
translations.desk          GET       login     404        404          404        allow      allow  404      allow
translations.edit          GET,POST  login     404        404          404        404        allow  404      allow
translations.quiz          GET,POST  login     404        404          404        404        allow  404      allow
datafiles.hotlines         GET,POST  login     404        404          404        404        allow  404      allow
datafiles.services         GET,POST  login     404        404          404        404        allow  404      allow
datafiles.agencies         GET,POST  login     404        404          404        404        allow  404      allow
datafiles.matrix           GET,POST  login     404        404          404        404        allow  404      allow
quizzes.edit               GET,POST  login     404        404          404        404        allow  404      allow
admin.users                GET       login     404        404          404        404        404    404      allow
admin.new_user             GET,POST  login     404        404          404        404        404    404      allow
admin.edit_user            GET,POST  login     404        404          404        404        404    404      allow
admin.reset_link           POST      login     404        404          404        404        404    404      allow
admin.import_users         GET,POST  login     404        404          404        404        404    404      allow
admin.audit                GET       login     404        404          404        404        404    404      allow
notifications.index        GET       login     allow      allow        allow      allow      allow  allow    allow
notifications.read         POST      login     allow      allow        allow      allow      allow  allow    allow
notifications.read_all     POST      login     allow      allow        allow      allow      allow  allow    allow
"""
)

# What an allowed GET answers with the arguments of route_helpers; every other allowed GET is a 200.
GET_STATUS = {
    "site.root": 302,  # to the visitor's language
    "site.exit": 302,  # to the neutral site
    "learning.certificate": 302,  # no certificate yet: back to My learning
}
# These end the session: they go last, and the role signs in again between them.
SESSION_ENDERS = ("auth.logout", "account.logout_everywhere")


def _routes(app) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        found.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return {endpoint: frozenset(methods) for endpoint, methods in found.items()}


def test_the_table_lists_every_route_with_its_methods(app):
    assert ROLES[1:] == tuple(ACCOUNT_ROLES), "a new role needs its own column in ACCESS"
    routes = _routes(app)
    assert sorted(set(routes) - set(ACCESS)) == [], "add the new routes to ACCESS in this test, by hand"
    assert sorted(set(ACCESS) - set(routes)) == [], "ACCESS names routes that do not exist"
    assert {e: m for e, m in routes.items() if m != ACCESS[e]["methods"]} == {}


def test_every_route_has_a_policy(app):
    endpoints = set(_routes(app))
    assert endpoints - set(policy.POLICY) == set(), "add the new routes to portal/policy.py POLICY"
    assert set(policy.POLICY) - endpoints == set(), "POLICY names routes that do not exist"


def test_a_route_without_policy_is_not_there_for_anyone(make_app, make_user):
    app = make_app()

    @app.get("/ro/unlisted")
    def unlisted():
        return "should never be served"

    make_user("boss@example.org", role="admin")
    admin = app.test_client()
    sign_in(admin, "boss@example.org")
    assert [client.get("/ro/unlisted").status_code for client in (app.test_client(), admin)] == [404, 404]


def _outcome(response, path: str) -> str:
    """Name what a response did: sent to sign in (coming back to `path`), not there, or answered."""
    query = parse_qs(urlsplit(response.headers.get("Location", "")).query)
    if response.status_code == 302 and location_path(response) == "/ro/login" and query == {"next": [path]}:
        return "login"
    if response.status_code == 404:
        return "404"
    return "allow"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_table_says(app, role, monkeypatch):
    world = World(app)
    refused_tokens = csrf_refusals(monkeypatch)
    wrong = []
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in SESSION_ENDERS, r.endpoint))
    for rule in rules:
        expected = ACCESS[rule.endpoint][role]
        path = world.path(rule.endpoint, role)
        if "GET" in rule.methods:
            response = world.client(role).get(path)
            got = _outcome(response, path)
            status = GET_STATUS.get(rule.endpoint, 200)
            if got != expected or (got == "allow" and response.status_code != status):
                wrong.append(("GET", path, expected, got, response.status_code))
        if "POST" in rule.methods:  # with a valid token and an empty form: the policy answers first
            response = world.client(role).post(path, data={"csrf_token": world.token(role)})
            got = _outcome(response, path)
            if got != expected or response.status_code in (401, 403, 405, 500):
                wrong.append(("POST", path, expected, got, response.status_code))
            if rule.endpoint in SESSION_ENDERS and role != "anonymous":
                world.sign_in_again(role)
    assert wrong == []
    assert refused_tokens == []


@pytest.mark.parametrize("role", ["specialist", "psychologist", "supervisor"])
def test_specialist_items_are_readable_by_network_roles(app, make_user, role):
    client = app.test_client()
    make_user(f"{role}@example.org", role=role)
    sign_in(client, f"{role}@example.org")
    response = client.get("/ro/trainings/demo-module")
    assert response.status_code == 200
    assert "specialistocaramida" in response.get_data(as_text=True)


def test_psychologist_items_are_hidden_from_specialists(make_app, tmp_path):
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
    specialist = app.test_client()
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
