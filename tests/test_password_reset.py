"""Forgot your password: the same answer for every address, a one-hour single-use link by mail, limits."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from accounts_helpers import STRONG, csrf_token, link_in, outbox, sign_in
from sqlalchemy import select

from portal.accounts.audit_events import AuditEvent
from portal.accounts.models import User
from portal.accounts.tokens import PasswordToken
from portal.extensions import db

NEW_PASSWORD = "another quite long passphrase for ana"
PATH = "/ro/forgot-password"


def ask(client, email: str, path: str = PATH):
    """Ask for a reset link; buffered, so that mail sent after the response has gone out too."""
    return client.post(path, data={"email": email, "csrf_token": csrf_token(client, path)}, buffered=True)


def test_the_sign_in_page_links_to_forgot_password(client):
    html = client.get("/ro/login").get_data(as_text=True)
    assert '<a href="/ro/forgot-password">Ați uitat parola?</a>' in html


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_account_gets_mail(mail_app, make_user):
    make_user("ana@example.org")
    known = ask(mail_app.test_client(), "ana@example.org")
    unknown = ask(mail_app.test_client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert "Dacă există un cont cu această adresă" in known.get_data(as_text=True)
    messages = outbox(mail_app)
    assert [message.to for message in messages] == [["ana@example.org"]]
    assert messages[0].subject == "Parola dumneavoastră pe portal"
    assert "/ro/set-password/" in messages[0].body
    assert "set-password" not in messages[0].subject


def test_a_disabled_account_gets_the_same_answer_and_no_mail(mail_app, make_user):
    make_user("ana@example.org", active=False)
    response = ask(mail_app.test_client(), "ana@example.org")
    assert "Dacă există un cont cu această adresă" in response.get_data(as_text=True)
    assert outbox(mail_app) == []


def test_the_mail_is_in_the_accounts_own_language(mail_app, make_user):
    user = make_user("olga@example.org")
    with mail_app.app_context():
        db.session.get(User, user.id).language = "ru"
        db.session.commit()
    ask(mail_app.test_client(), "Olga@Example.org ")  # as people type it
    (message,) = outbox(mail_app)
    assert message.subject == "Ваш пароль на портале"
    assert "в течение часа" in message.body
    assert link_in(message.body).startswith("/ru/set-password/")


def test_the_link_sets_the_password_once(mail_app, make_user):
    make_user("ana@example.org")
    client = mail_app.test_client()
    ask(client, "ana@example.org")
    path = link_in(outbox(mail_app)[0].body)
    assert client.get(path).status_code == 200
    form = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf_token(client, path)}
    assert client.post(path, data=form).status_code == 302
    assert sign_in(mail_app.test_client(), "ana@example.org", NEW_PASSWORD).status_code == 302
    assert (
        sign_in(mail_app.test_client(), "ana@example.org", STRONG).status_code == 200
    )  # the old one is gone
    again = client.get(path)
    assert again.status_code == 410
    assert "Sau cereți un link nou prin e-mail" in again.get_data(as_text=True)


def test_the_link_works_for_one_hour_and_not_after(mail_app, make_user, monkeypatch):
    make_user("ana@example.org")
    client = mail_app.test_client()
    ask(client, "ana@example.org")
    path = link_in(outbox(mail_app)[0].body)
    with mail_app.app_context():
        token = db.session.scalar(select(PasswordToken))
        expires = token.expires_at if token.expires_at.tzinfo else token.expires_at.replace(tzinfo=UTC)
    left = expires - datetime.now(UTC)
    assert timedelta(minutes=59) < left <= timedelta(hours=1)

    class AnHourLater(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(hours=1, seconds=1)

    assert client.get(path).status_code == 200
    monkeypatch.setattr("portal.accounts.tokens.datetime", AnHourLater)
    assert client.get(path).status_code == 410


def test_asking_again_replaces_the_earlier_link(mail_app, make_user):
    make_user("ana@example.org")
    client = mail_app.test_client()
    ask(client, "ana@example.org")
    ask(client, "ana@example.org")
    first, second = (link_in(message.body) for message in outbox(mail_app))
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_a_bad_address_is_explained_next_to_the_field_and_kept(mail_app):
    client = mail_app.test_client()
    for typed, message in (
        ("not-an-address", "Introduceți o adresă de e-mail validă."),
        ("", "Acest câmp este obligatoriu."),
        ("a" * 250 + "@example.org", "Introduceți o adresă de e-mail validă."),
    ):
        response = client.post(PATH, data={"email": typed, "csrf_token": csrf_token(client, PATH)})
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert f'<p class="field-error" id="email-error">{message}</p>' in html
        assert f'value="{typed}"' in html or typed == ""
    assert outbox(mail_app) == []


def test_asking_is_limited_per_address_with_a_clear_message(make_app, make_user):
    app = make_app(MAIL_SERVER="smtp.example.org", LIMIT_RESET_PER_ACCOUNT="2 per hour")
    make_user("ana@example.org")
    codes = [ask(app.test_client(), "ana@example.org").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = ask(app.test_client(), " ANA@example.org").get_data(as_text=True)
    assert "Prea multe cereri" in refused
    assert "așteptați o oră" in refused
    assert len(outbox(app)) == 2
    assert ask(app.test_client(), "ion@example.org").status_code == 200  # another address still may


def test_asking_is_limited_per_client(make_app):
    app = make_app(MAIL_SERVER="smtp.example.org", LIMIT_RESET_PER_CLIENT="3 per hour")
    client = app.test_client()
    codes = [ask(client, f"person{i}@example.org").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]


def test_without_mail_the_page_says_to_ask_the_administrator(app, client, make_user):
    make_user("ana@example.org")
    page = client.get(PATH).get_data(as_text=True)
    assert "Cereți administratorului un link pentru setarea unei parole noi" in page
    assert 'name="email"' not in page
    token = csrf_token(client, "/ro/login")  # the page has no form of its own
    response = client.post(PATH, data={"email": "ana@example.org", "csrf_token": token})
    assert "Cereți administratorului un link" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(PasswordToken)) is None


def test_each_request_is_audited_without_the_address(mail_app, make_user):
    ana = make_user("ana@example.org")
    client = mail_app.test_client()
    ask(client, "ana@example.org")
    ask(client, "nobody@example.org")
    with mail_app.app_context():
        trail = [
            (e.event, e.actor_id, e.subject_id, e.detail) for e in db.session.scalars(select(AuditEvent))
        ]
    assert trail == [("reset-requested", None, ana.id, ""), ("reset-requested", None, None, "")]


def test_logs_hold_neither_the_address_nor_the_token(mail_app, make_user, caplog):
    caplog.set_level(logging.DEBUG)
    make_user("ana@example.org")
    client = mail_app.test_client()
    ask(client, "ana@example.org")
    path = link_in(outbox(mail_app)[0].body)
    client.get(path)
    token = path.rsplit("/", 1)[1]
    assert "ana@example.org" not in caplog.text
    assert token not in caplog.text


def test_no_limit_key_holds_the_address(make_app):
    from portal.web.limits import limiter

    app = make_app(MAIL_SERVER="smtp.example.org")  # made last: the process's limiter counts for it
    ask(app.test_client(), "Ana.Popescu@Example.org")
    keys = " ".join(str(key) for key in limiter.storage.storage).lower()
    assert "forgot_password" in keys  # the request was counted
    assert "popescu" not in keys and "example.org" not in keys and "127.0.0.1" not in keys
