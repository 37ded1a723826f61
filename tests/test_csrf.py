"""CSRF: every route taking more than GET refuses a request without the session's token, changing nothing."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

import pytest
from accounts_helpers import STRONG, csrf_token
from learning_helpers import answers
from route_helpers import ROLES, World, changes, csrf_refusals, snapshot
from test_access_policy import ACCESS

NEW_PASSWORD = "another quite long passphrase for ana"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# For every non-GET route: a form that does what the route is for once it carries a valid token (the last
# test below proves it). Sent without one, each must be refused. A new route goes here by hand.
REQUESTS: dict[tuple[str, str], Callable[[World], dict]] = {
    ("auth.login", "POST"): lambda w: {"email": "specialist@example.org", "password": STRONG},
    ("auth.set_password", "POST"): lambda w: {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ("auth.logout", "POST"): lambda w: {},
    ("auth.forgot_password", "POST"): lambda w: w.with_mail() or {"email": "specialist@example.org"},
    ("account_requests.new", "POST"): lambda w: (
        w.with_mail()
        or {"name": "Ion Rusu", "email": "ion.rusu@example.org", "agency": "centru", "role": "specialist"}
    ),
    ("account_requests.approve_request", "POST"): lambda w: {},
    ("account_requests.decline_request", "POST"): lambda w: {"reason": "Nu lucrați la această agenție."},
    ("account.change_password", "POST"): lambda w: {
        "current_password": STRONG,
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    },
    ("account.change_language", "POST"): lambda w: {"language": "ru"},
    ("account.logout_everywhere", "POST"): lambda w: {},
    ("account.email_notices", "POST"): lambda w: {},  # the box unticked: no more email
    ("notifications.read", "POST"): lambda w: {},
    ("notifications.read_all", "POST"): lambda w: w.notice("specialist") and {},
    ("learning.self_assessment", "POST"): lambda w: {"competency": "law.protection-orders", "level": "3"},
    ("learning.start", "POST"): lambda w: {},
    ("learning.lesson_done", "POST"): lambda w: {},
    ("learning.quiz", "POST"): lambda w: {},
    ("learning.attempt", "POST"): lambda w: answers(w.app, w.attempt("specialist"), True),
    ("supervision.assign", "POST"): lambda w: {
        "whom": "chosen",
        "learners": [str(w.learner.id)],
        "module": "trainings/advanced-module",
        "due_on": "2099-01-15",
    },
    ("supervision.rate_learner", "POST"): lambda w: {
        "competency": "law.protection-orders",
        "level": "3",
        "comment": "Observat în practică.",
    },
    ("supervision.erase", "POST"): lambda w: {"confirm": "y"},
    ("admin.new_user", "POST"): lambda w: {
        "email": "new@example.org",
        "display_name": "Nou",
        "role": "specialist",
        "agency": "",
        "language": "ro",
    },
    ("admin.edit_user", "POST"): lambda w: {"role": "supervisor", "agency": "centru", "active": "y"},
    ("admin.reset_link", "POST"): lambda w: {},
    ("translations.edit", "POST"): lambda w: {
        "text": "---\ntitle: Защитное предписание\nstatus: published\naudience: public\n---\nТекст.\n",
        "comment": "",
        "save": "y",
    },
    ("translations.quiz", "POST"): lambda w: _quiz_translation(w),
    ("datafiles.hotlines", "POST"): lambda w: {
        "lines": "1",
        "h0-id": "emergency",
        "h0-number": "112",
        "h0-tel": "112",
        "h0-name-ro": "Urgențe",
        "action": "save",
    },
    ("history.restore", "POST"): lambda w: {"commit": w.history_commit("translator")},
    ("datafiles.services", "POST"): lambda w: {
        "services": "1",
        "s0-id": "shelter",
        "s0-category": "shelter",
        "s0-name-ro": "Adăpost",
        "action": "save",
    },
    ("datafiles.agencies", "POST"): lambda w: {
        "agencies": "1",
        "a0-id": "centru",
        "a0-name-ro": "ATAS Centru",
        "action": "save",
    },
    ("datafiles.matrix", "POST"): lambda w: {
        "areas": "1",
        "a0-id": "law",
        "a0-name-ro": "Drept",
        "competencies": "1",
        "c0-id": "law.protection-orders",
        "c0-area": "law",
        "c0-name-ro": "Ordine de protecție",
        "c0-target-specialist": "3",
        "c0-target-psychologist": "1",
        "c0-target-supervisor": "3",
        "action": "save",
    },
    ("quizzes.edit", "POST"): lambda w: {
        "questions": "1",
        "q0-id": "q1",
        "q0-type": "single",
        "q0-competency": "law.protection-orders",
        "q0-text": "Cine emite ordonanța de protecție?",
        "q0-o0-text": "Instanța",
        "q0-o0-correct": "y",
        "q0-o1-text": "Vecinul",
        "q0-explanation": "Instanța de judecată.",
        "action": "save",
    },
    ("drafts.start", "POST"): lambda w: (
        w.translate_into("ru") or {"path": "materials/protection-order.ru.md"}
    ),
    ("drafts.new", "POST"): lambda w: {"area": "materials", "slug": "new-page"},
    ("drafts.edit", "POST"): lambda w: {
        "title": "Ordonanța de protecție",
        "status": "published",
        "audience": "public",
        "reviewed": "2026-11-20",
        "sources": "Legea nr. 45/2007",
        "body": "Textul nou.",
        "action": "save",
    },
    ("review.publish", "POST"): lambda w: w.submit_draft() or {"comment": "Verificat."},
    ("review.send_back", "POST"): lambda w: w.submit_draft() or {"comment": "Citați sursa."},
    ("admin.import_users", "POST"): lambda w: {
        "file": (
            BytesIO(b"email,display_name,role,agency,language\nion@example.org,Ion,specialist,,ro\n"),
            "u.csv",
        )
    },
}


def _quiz_translation(world) -> dict[str, str]:
    """A Russian text for every field of the demo quiz (its module's cover translated first)."""
    world.translate_cover("demo-module", "ru")
    fields = (
        "q1-text",
        "q1-a",
        "q1-b",
        "q1-explanation",
        "q2-text",
        "q2-a",
        "q2-b",
        "q2-c",
        "q2-explanation",
    )
    return {**{name: f"Перевод {name}" for name in fields}, "action": "save"}


@pytest.fixture
def csrf_app(make_app, content):
    """The corpus app (a git repository: publishing commits) with CSRF protection on, as in production."""
    app = make_app(WTF_CSRF_ENABLED=True, CONTENT_DIR=str(content))
    assert app.config["WTF_CSRF_ENABLED"] is True
    return app


def allowed_role(endpoint: str) -> str:
    """Return the least privileged role the hand-written access table lets use `endpoint`."""
    return next(role for role in ROLES if ACCESS[endpoint][role] == "allow")


def unsafe_routes(app) -> list[tuple[str, str]]:
    return sorted(
        (rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods - SAFE_METHODS
    )


def test_the_table_has_a_request_for_every_route_that_takes_more_than_get(csrf_app):
    assert unsafe_routes(csrf_app) == sorted(REQUESTS), "add the new routes to REQUESTS in this test, by hand"


def test_no_route_accepts_a_request_without_a_valid_token(csrf_app, monkeypatch):
    world = World(csrf_app)
    refusals = csrf_refusals(monkeypatch)
    stranger = csrf_app.test_client()
    bad_tokens = {
        "no token": None,
        "a made-up token": "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "another session's token": csrf_token(stranger, "/ro/login"),
    }
    accepted = []
    for endpoint, method in unsafe_routes(csrf_app):  # url_map, not the table: a route missing there fails
        role = allowed_role(endpoint)
        client, path = world.client(role), world.path(endpoint, role)
        for name, token in bad_tokens.items():
            form = REQUESTS[(endpoint, method)](world)
            if token is not None:
                form["csrf_token"] = token
            before, refused = snapshot(csrf_app), len(refusals)
            response = client.open(path, method=method, data=form)
            changed = changes(before, snapshot(csrf_app))
            if response.status_code != 400 or len(refusals) != refused + 1 or changed:
                accepted.append((method, path, role, name, response.status_code, changed))
    assert accepted == []


@pytest.mark.parametrize("endpoint, method", sorted(REQUESTS))
def test_each_request_does_its_work_with_a_valid_token(csrf_app, monkeypatch, endpoint, method):
    """The requests above are real: with the session's token each one passes and changes what it is for."""
    world = World(csrf_app)
    refusals = csrf_refusals(monkeypatch)
    role = allowed_role(endpoint)
    path = world.path(endpoint, role)
    form = {**REQUESTS[(endpoint, method)](world), "csrf_token": world.token(role)}
    before = snapshot(csrf_app)
    response = world.client(role).open(path, method=method, data=form)
    assert refusals == []
    assert response.status_code in (200, 302, 303), response.status_code
    assert changes(before, snapshot(csrf_app)) != {}


def test_an_expired_form_says_it_was_open_too_long_in_romanian_and_offers_to_reload(csrf_app, monkeypatch):
    import itsdangerous.timed

    client = csrf_app.test_client()
    csrf_app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() - 7200)  # opened 2 h ago
    token = csrf_token(client, "/ro/login")
    monkeypatch.setattr(itsdangerous.timed.time, "time", real_time)
    form = {"email": "specialist@example.org", "password": STRONG, "csrf_token": token}
    response = client.post("/ro/login", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Formularul a stat deschis prea mult timp" in html
    assert "Deschideți pagina din nou" in html
    assert '<a href="/ro/login">Deschideți pagina din nou</a>' in html  # the same page, opened again
    assert "A apărut o eroare la noi" not in html


def test_a_form_without_token_says_so_in_russian(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/ru/login", data={"email": "specialist@example.org", "password": STRONG})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Форма была открыта слишком долго" in html
    assert '<a href="/ru/login">Открыть страницу заново</a>' in html
    assert "У нас произошла ошибка" not in html


def test_a_refused_button_of_its_own_address_offers_the_page_it_sits_on(csrf_app):
    """Sign out is POST-only: reloading /ru/logout would be a 405, so the offer is the page above it."""
    response = csrf_app.test_client().post("/ru/logout", data={})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="/ru/">Открыть страницу заново</a>' in html
