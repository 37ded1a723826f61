"""Accounts hardened to ASVS level 2: one named test per attack."""

from __future__ import annotations

import logging

import pytest
from accounts_helpers import STRONG, csrf_token, sign_in
from sqlalchemy import select

from portal.accounts import operations as accounts
from portal.accounts.audit_events import AuditEvent
from portal.accounts.models import User
from portal.accounts.passwords import verify_password
from portal.extensions import db


def user_by_email(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def events(app) -> list[tuple[str, int | None, int | None, str]]:
    with app.app_context():
        return [(e.event, e.actor_id, e.subject_id, e.detail) for e in db.session.scalars(select(AuditEvent))]


# --- brute force -------------------------------------------------------------------------------------------


def test_brute_force_is_limited_per_account_with_the_same_message_for_unknown_accounts(client, make_user):
    make_user("ana@example.org")
    known = [sign_in(client, "ana@example.org", "wrong password number one").status_code for _ in range(6)]
    unknown = [
        sign_in(client, "nobody@example.org", "wrong password number one").status_code for _ in range(6)
    ]
    assert known == [200] * 5 + [429]
    assert unknown == [200] * 5 + [429]
    # the right password is refused too while the account is locked out
    assert sign_in(client, "ana@example.org").status_code == 429


def test_failed_sign_in_message_is_the_same_for_known_and_unknown(client, make_user):
    make_user("ana@example.org")
    known = sign_in(client, "ana@example.org", "wrong password number one").get_data(as_text=True)
    unknown = sign_in(client, "nobody@example.org", "wrong password number one").get_data(as_text=True)
    message = "Adresa de e-mail sau parola nu este corectă."
    assert message in known and message in unknown


def test_brute_force_is_limited_per_client_across_accounts(make_app, make_user):
    app = make_app(LIMIT_PER_CLIENT="4 per 15 minutes")
    client = app.test_client()
    codes = [
        sign_in(client, f"user{i}@example.org", "wrong password number one").status_code for i in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]


# --- password rules --------------------------------------------------------------------------------------

WEAK = ["short1!", "password1234", "qwertyuiop123", "aaaaaaaaaaaaaaaa", "ana@example.org1"]


@pytest.mark.parametrize("weak", WEAK)
def test_password_rules_hold_on_the_set_password_link(app, client, weak):
    with app.app_context():
        user, token = accounts.create_user(
            accounts.SYSTEM, accounts.NewAccount("ana@example.org", "Ana", "specialist", None), []
        )
    path = f"/ro/set-password/{token}"
    response = client.post(
        path, data={"password": weak, "confirm": weak, "csrf_token": csrf_token(client, path)}
    )
    assert response.status_code == 200
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert user_by_email(app, "ana@example.org").password_hash is None


@pytest.mark.parametrize("weak", WEAK)
def test_password_rules_hold_on_password_change(app, client, make_user, weak):
    make_user("ana@example.org")
    sign_in(client, "ana@example.org")
    response = client.post(
        "/ro/account/password",
        data={
            "current_password": STRONG,
            "password": weak,
            "confirm": weak,
            "csrf_token": csrf_token(client, "/ro/account/"),
        },
    )
    assert response.status_code == 400
    assert verify_password(user_by_email(app, "ana@example.org").password_hash, STRONG)


PERSONAL = [
    "tractor MARIANA seventeen quietly",
    "Ciobanu violet harbour lantern",
    "mariana.ciobanu@example.org!",
]


@pytest.mark.parametrize("personal", PERSONAL)
def test_a_password_with_the_accounts_name_or_email_is_refused_on_every_path(app, client, personal):
    with app.app_context():
        new = accounts.NewAccount("mariana.ciobanu@example.org", "Mariana Ciobanu", "specialist", None)
        _, token = accounts.create_user(accounts.SYSTEM, new, [])
    path = f"/ro/set-password/{token}"
    form = {"password": personal, "confirm": personal, "csrf_token": csrf_token(client, path)}
    page = client.post(path, data=form).get_data(as_text=True)
    assert "Nu folosiți numele sau adresa de e-mail în parolă." in page
    assert user_by_email(app, "mariana.ciobanu@example.org").password_hash is None
    # the same rule when a signed-in user changes the password
    form = {"password": STRONG, "confirm": STRONG, "csrf_token": csrf_token(client, path)}
    client.post(path, data=form)
    sign_in(client, "mariana.ciobanu@example.org")
    change = {"current_password": STRONG, "password": personal, "confirm": personal}
    change["csrf_token"] = csrf_token(client, "/ro/account/")
    assert client.post("/ro/account/password", data=change).status_code == 400
    assert verify_password(user_by_email(app, "mariana.ciobanu@example.org").password_hash, STRONG)


def test_an_old_hash_is_replaced_at_the_next_sign_in_and_the_password_still_works(app, client, make_user):
    from argon2 import PasswordHasher

    make_user("ana@example.org")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ana@example.org"))
        user.password_hash = PasswordHasher(memory_cost=65536, time_cost=3, parallelism=4).hash(STRONG)
        db.session.commit()
    assert sign_in(client, "ana@example.org").status_code == 302
    stored = user_by_email(app, "ana@example.org").password_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    client.post("/ro/logout", data={"csrf_token": csrf_token(client, "/ro/account/")})
    assert sign_in(client, "ana@example.org").status_code == 302


def test_long_unicode_passphrase_is_accepted_exactly_as_typed(app, client):
    phrase = "Ştiu că vara trece repede, dar rămâne 🌻 în grădina bunicii"
    with app.app_context():
        _, token = accounts.create_user(
            accounts.SYSTEM, accounts.NewAccount("ion@example.org", "Ion", "specialist", None), []
        )
    path = f"/ro/set-password/{token}"
    response = client.post(
        path, data={"password": phrase, "confirm": phrase, "csrf_token": csrf_token(client, path)}
    )
    assert response.status_code == 302
    stored = user_by_email(app, "ion@example.org").password_hash
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, phrase)
    assert not verify_password(stored, phrase.replace("Ş", "Ș"))  # no silent normalisation
    assert not verify_password(stored, phrase.strip() + " ")


def test_set_password_link_works_once(app, client):
    with app.app_context():
        _, token = accounts.create_user(
            accounts.SYSTEM, accounts.NewAccount("ion@example.org", "Ion", "specialist", None), []
        )
    path = f"/ro/set-password/{token}"
    data = {"password": STRONG, "confirm": STRONG, "csrf_token": csrf_token(client, path)}
    assert client.post(path, data=data).status_code == 302
    assert client.get(path).status_code == 410


# --- sessions ----------------------------------------------------------------------------------------------


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("portal_session")
    return cookie.value if cookie else None


def test_session_fixation_a_new_session_on_sign_in(client, make_user):
    make_user("ana@example.org")
    csrf_token(client, "/ro/login")  # the login form starts an anonymous session (CSRF token only)
    before = session_cookie(client)
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    sign_in(client, "ana@example.org")
    after = session_cookie(client)
    assert before and after and before != after
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_cookie_replay_after_sign_out_is_refused(client, make_user):
    make_user("ana@example.org")
    sign_in(client, "ana@example.org")
    stolen = session_cookie(client)
    assert client.get("/ro/account/").status_code == 200
    client.post("/ro/logout", data={"csrf_token": csrf_token(client, "/ro/account/")})
    client.set_cookie("portal_session", stolen)
    response = client.get("/ro/account/")
    assert response.status_code == 302 and "/ro/login" in response.headers["Location"]


def test_password_change_ends_other_sessions(app, make_user):
    make_user("ana@example.org")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "ana@example.org")
    sign_in(phone, "ana@example.org")
    new = "another quite long passphrase for ana"
    response = laptop.post(
        "/ro/account/password",
        data={
            "current_password": STRONG,
            "password": new,
            "confirm": new,
            "csrf_token": csrf_token(laptop, "/ro/account/"),
        },
    )
    assert response.status_code == 302
    assert laptop.get("/ro/account/").status_code == 200
    assert phone.get("/ro/account/").status_code == 302


@pytest.mark.parametrize(
    "change", [{"role": "specialist", "agency": "", "active": "y"}, {"role": "supervisor", "agency": ""}]
)
def test_demoting_or_disabling_ends_the_users_sessions(app, make_user, change):
    make_user("boss@example.org", role="admin")
    target = make_user("sup@example.org", role="supervisor")
    admin, victim = app.test_client(), app.test_client()
    sign_in(admin, "boss@example.org")
    sign_in(victim, "sup@example.org")
    assert victim.get("/ro/account/").status_code == 200
    path = f"/ro/admin/users/{target.id}"
    admin.post(path, data={**change, "csrf_token": csrf_token(admin, path)})
    assert victim.get("/ro/account/").status_code == 302


def test_sign_out_everywhere(app, make_user):
    make_user("ana@example.org")
    one, two = app.test_client(), app.test_client()
    sign_in(one, "ana@example.org")
    sign_in(two, "ana@example.org")
    one.post("/ro/account/logout-everywhere", data={"csrf_token": csrf_token(one, "/ro/account/")})
    assert one.get("/ro/account/").status_code == 302
    assert two.get("/ro/account/").status_code == 302


def test_idle_session_times_out_after_30_minutes(client, make_user, monkeypatch):
    import time as real_time

    make_user("ana@example.org")
    sign_in(client, "ana@example.org")
    now = real_time.time()
    monkeypatch.setattr("portal.web.session_guard.time.time", lambda: now + 29 * 60)
    assert client.get("/ro/account/").status_code == 200
    monkeypatch.setattr("portal.web.session_guard.time.time", lambda: now + 29 * 60 + 31 * 60)
    assert client.get("/ro/account/").status_code == 302


def test_session_ends_after_12_hours_even_when_active(client, make_user, monkeypatch):
    import time as real_time

    make_user("ana@example.org")
    sign_in(client, "ana@example.org")
    start = real_time.time()
    for step in range(1, 48):  # active every 15 minutes for 11 h 45 min
        monkeypatch.setattr("portal.web.session_guard.time.time", lambda m=start + step * 900: m)
        assert client.get("/ro/account/").status_code == 200
    monkeypatch.setattr("portal.web.session_guard.time.time", lambda: start + 12 * 3600 + 60)
    assert client.get("/ro/account/").status_code == 302


def test_session_cookie_flags(client, make_user):
    make_user("ana@example.org")
    response = sign_in(client, "ana@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


def test_signed_in_pages_are_not_stored(client, make_user):
    make_user("ana@example.org")
    sign_in(client, "ana@example.org")
    for path in ("/ro/account/", "/ro/", "/ro/materials/protection-order"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


# --- forms -------------------------------------------------------------------------------------------------


def test_mass_assignment_extra_fields_are_ignored(app, client, make_user):
    user = make_user("ana@example.org", role="specialist", agency="centru")
    sign_in(client, "ana@example.org")
    client.post(
        "/ro/account/language",
        data={
            "language": "ru",
            "role": "admin",
            "agency": "sud",
            "id": "999",
            "session_version": "0",
            "csrf_token": csrf_token(client, "/ro/account/"),
        },
    )
    after = user_by_email(app, "ana@example.org")
    assert (after.language, after.role, after.agency, after.id) == ("ru", "specialist", "centru", user.id)


def test_no_one_grants_a_role_above_their_own(app):
    with app.app_context():
        supervisor = User(email="s@example.org", display_name="S", role="supervisor")
        db.session.add(supervisor)
        db.session.commit()
        with pytest.raises(accounts.AccountError, match="above your own"):
            accounts.create_user(supervisor, accounts.NewAccount("x@example.org", "X", "admin", None), [])
        target = User(email="t@example.org", display_name="T", role="specialist")
        db.session.add(target)
        db.session.commit()
        with pytest.raises(accounts.AccountError):
            accounts.change_account(supervisor, target, "editor", None, True, [])
        assert target.role == "specialist"


def test_the_last_admin_cannot_be_removed(app, client, make_user):
    admin = make_user("boss@example.org", role="admin")
    sign_in(client, "boss@example.org")
    path = f"/ro/admin/users/{admin.id}"
    response = client.post(
        path, data={"role": "editor", "agency": "", "active": "y", "csrf_token": csrf_token(client, path)}
    )
    assert response.status_code == 400
    assert "Ultimul administrator nu poate fi eliminat." in response.get_data(as_text=True)
    assert user_by_email(app, "boss@example.org").role == "admin"


def test_bad_form_value_is_explained_next_to_the_field(client, make_user):
    make_user("boss@example.org", role="admin")
    sign_in(client, "boss@example.org")
    path = "/ro/admin/users/new"
    response = client.post(
        path,
        data={
            "email": "not-an-address",
            "display_name": "Maria",
            "role": "specialist",
            "agency": "",
            "language": "ro",
            "csrf_token": csrf_token(client, path),
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'aria-describedby="email-error"' in html and "Introduceți o adresă de e-mail validă." in html
    assert 'value="Maria"' in html  # nothing typed is lost


def test_csv_import_is_all_or_nothing(app, client, make_user):
    make_user("boss@example.org", role="admin")
    sign_in(client, "boss@example.org")
    rows = (
        "email,display_name,role,agency,language\n"
        "a@example.org,A,specialist,centru,ro\nbad,B,specialist,,ro\n"
    )
    path = "/ro/admin/users/import"
    from io import BytesIO

    response = client.post(
        path,
        data={"file": (BytesIO(rows.encode()), "u.csv"), "csrf_token": csrf_token(client, path)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "Rândul 3" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "a@example.org")) is None
    good = rows.replace("bad,B", "b@example.org,B")
    response = client.post(
        path,
        data={"file": (BytesIO(good.encode()), "u.csv"), "csrf_token": csrf_token(client, path)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and response.get_data(as_text=True).count("/ro/set-password/") == 2


def test_oversized_body_gets_413(client):
    response = client.post("/ro/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


# --- audit and logs ----------------------------------------------------------------------------------------


def test_audit_records_sign_ins_failures_and_role_changes_without_secrets(app, client, make_user):
    admin = make_user("boss@example.org", role="admin")
    target = make_user("ana@example.org")
    sign_in(client, "ana@example.org", "wrong password number one")
    sign_in(client, "boss@example.org")
    path = f"/ro/admin/users/{target.id}"
    client.post(
        path, data={"role": "supervisor", "agency": "", "active": "y", "csrf_token": csrf_token(client, path)}
    )
    trail = events(app)
    assert ("sign-in-failed", None, target.id, "") in trail
    assert ("sign-in", admin.id, admin.id, "") in trail
    assert ("role-changed", admin.id, target.id, "specialist->supervisor") in trail
    assert not any(STRONG in detail or "wrong password" in detail for *_, detail in trail)


def test_audit_log_is_append_only(app, make_user):
    with app.app_context():
        from portal.accounts.audit import record

        entry = record("sign-in", actor=1, subject=1)
        db.session.commit()
        entry.detail = "changed"
        with pytest.raises(ValueError, match="append-only"):
            db.session.commit()
        db.session.rollback()


def test_logs_hold_no_passwords_tokens_or_cookies(app, client, make_user, caplog):
    caplog.set_level(logging.DEBUG)
    make_user("ana@example.org")
    response = sign_in(client, "ana@example.org")
    cookie = session_cookie(client)
    with app.app_context():
        _, token = accounts.create_user(
            accounts.SYSTEM, accounts.NewAccount("ion@example.org", "Ion", "specialist", None), []
        )
    client.get(f"/ro/set-password/{token}")
    client.get("/ro/materials/protection-order?q=secret+search+words")
    text = caplog.text
    assert response.status_code == 302
    for secret in (STRONG, token, cookie, "secret search words", "secret+search"):
        assert secret not in text


def test_a_new_account_gets_its_link_by_mail_when_mail_is_configured(make_app, make_user):
    app = make_app(MAIL_SERVER="smtp.example.org", MAIL_DEFAULT_SENDER="portal@example.org")
    client = app.test_client()
    make_user("boss@example.org", role="admin")
    sign_in(client, "boss@example.org")
    path = "/ro/admin/users/new"
    form = {"email": "ana@example.org", "display_name": "Ana Rusu", "role": "specialist", "agency": ""}
    client.post(path, data={**form, "language": "ro", "csrf_token": csrf_token(client, path)})
    outbox = app.extensions["mailman"].outbox
    assert [message.to for message in outbox] == [["ana@example.org"]]
    assert outbox[0].from_email == "portal@example.org"
    assert "/ro/set-password/" in outbox[0].body
    assert "set-password" not in outbox[0].subject
