"""Request an account: a form anyone may send, decided by the agency's supervisor or an administrator."""

from __future__ import annotations

import pytest
from accounts_helpers import csrf_token, link_in, outbox, sign_in
from sqlalchemy import select

from portal.accounts.audit_events import AuditEvent
from portal.accounts.models import User
from portal.accounts.requests import AccountRequest
from portal.extensions import db

PATH = "/ro/request-account"
QUEUE = "/ro/account-requests"
GOOD = {"name": "Ion Rusu", "email": "ion.rusu@example.org", "agency": "centru", "role": "psychologist"}


def send(client, path: str = PATH, **changes):
    form = {**GOOD, **changes, "csrf_token": csrf_token(client, path)}
    return client.post(path, data=form, buffered=True)  # buffered: mail sent after the response goes too


def requests_of(app) -> list[tuple[str, str, str, str, str, str]]:
    with app.app_context():
        return [
            (r.name, r.email, r.agency, r.role, r.language, "")
            for r in db.session.scalars(select(AccountRequest).order_by(AccountRequest.id))
        ]


def trail(app) -> list[tuple[str, int | None, int | None, str]]:
    with app.app_context():
        return [(e.event, e.actor_id, e.subject_id, e.detail) for e in db.session.scalars(select(AuditEvent))]


def one_request(app, **changes) -> int:
    with app.app_context():
        entry = AccountRequest(
            **{"name": "Ion Rusu", "email": "ion.rusu@example.org", "agency": "centru", "role": "specialist"}
            | {"language": "ro"}
            | changes
        )
        db.session.add(entry)
        db.session.commit()
        return entry.id


def signed_in(app, make_user, email: str, role: str, agency: str | None = "centru"):
    make_user(email, role=role, agency=agency)
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def test_the_sign_in_page_links_to_the_request_form(client):
    assert '<a href="/ro/request-account">Solicitați un cont</a>' in client.get("/ro/login").get_data(
        as_text=True
    )


def test_the_form_offers_the_librarys_agencies_and_only_learner_roles(mail_app):
    html = mail_app.test_client().get(PATH).get_data(as_text=True)
    assert '<option value="centru">ATAS Centru</option>' in html
    assert '<option value="specialist">Specialist</option>' in html
    assert '<option value="psychologist">Psiholog</option>' in html
    for role in ("supervisor", "translator", "editor", "reviewer", "admin"):
        assert f'value="{role}"' not in html


def test_a_request_is_stored_confirmed_and_acknowledged_by_mail_in_its_language(mail_app):
    response = send(mail_app.test_client(), "/ru/request-account")
    assert response.status_code == 200
    assert "Запрос отправлен" in response.get_data(as_text=True)
    assert requests_of(mail_app) == [("Ion Rusu", "ion.rusu@example.org", "centru", "psychologist", "ru", "")]
    (message,) = outbox(mail_app)
    assert message.to == ["ion.rusu@example.org"]
    assert message.subject == "Ваш запрос учётной записи"
    assert "Мы получили ваш запрос" in message.body


def test_an_address_with_an_account_or_a_waiting_request_gets_the_same_answer(mail_app, make_user):
    make_user("ana@example.org")
    first = send(mail_app.test_client())
    again = send(mail_app.test_client(), name="Ion Altul")
    existing = send(mail_app.test_client(), email="ANA@example.org")
    pages = {r.get_data(as_text=True) for r in (first, again, existing)}
    assert len(pages) == 1 and [r.status_code for r in (first, again, existing)] == [200, 200, 200]
    assert requests_of(mail_app) == [("Ion Rusu", "ion.rusu@example.org", "centru", "psychologist", "ro", "")]
    with mail_app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ion.rusu@example.org")) is None
    # The one with an account is told so, in their mailbox only, with the way to a new password.
    told = [m for m in outbox(mail_app) if m.to == ["ana@example.org"]]
    assert len(told) == 1 and "/ro/forgot-password" in told[0].body


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Acest câmp este obligatoriu."),
        ({"name": "   "}, "name", "Acest câmp este obligatoriu."),
        ({"name": "N" * 121}, "name", "Folosiți cel mult 120 caractere."),
        ({"email": "not-an-address"}, "email", "Introduceți o adresă de e-mail validă."),
        ({"email": "a" * 250 + "@example.org"}, "email", "Folosiți cel mult 254 caractere."),
        ({"agency": "nowhere"}, "agency", "Alegeți o agenție din listă."),
        ({"agency": ""}, "agency", "Alegeți o agenție din listă."),
        ({"role": "admin"}, "role", "Alegeți un rol."),
        ({"role": "supervisor"}, "role", "Alegeți un rol."),
    ],
)
def test_a_bad_value_is_explained_next_to_its_field_and_what_was_typed_stays(
    mail_app, changes, field, message
):
    response = send(mail_app.test_client(), **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in html
    typed = {**GOOD, **changes}
    for name in ("name", "email"):
        if typed[name].strip() and name != field:
            assert f'value="{typed[name]}"' in html
    if field != "agency":
        assert '<option selected value="centru">' in html
    assert requests_of(mail_app) == []
    assert outbox(mail_app) == []


def test_without_mail_the_page_says_to_ask_the_administrator(app, client):
    page = client.get(PATH).get_data(as_text=True)
    assert "Cereți administratorului să vă creeze contul" in page
    assert 'name="email"' not in page
    client.post(PATH, data={**GOOD, "csrf_token": csrf_token(client, "/ro/login")})
    assert requests_of(app) == []


def test_requests_are_limited_per_address_with_a_clear_message(make_app):
    app = make_app(MAIL_SERVER="smtp.example.org", LIMIT_REQUEST_PER_ACCOUNT="2 per day")
    codes = [send(app.test_client()).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert "Prea multe cereri" in send(app.test_client()).get_data(as_text=True)


def test_requests_are_limited_per_client(make_app):
    app = make_app(MAIL_SERVER="smtp.example.org", LIMIT_REQUEST_PER_CLIENT="2 per hour")
    client = app.test_client()
    codes = [send(client, email=f"person{i}@example.org").status_code for i in range(3)]
    assert codes == [200, 200, 429]


def test_the_supervisor_approves_and_the_requester_gets_the_link_in_their_language(mail_app, make_user):
    request_id = one_request(mail_app, language="uk")
    supervisor = signed_in(mail_app, make_user, "sup@example.org", "supervisor")
    queue = supervisor.get(QUEUE).get_data(as_text=True)
    assert "Ion Rusu" in queue and "ion.rusu@example.org" in queue and "ATAS Centru" in queue
    token = csrf_token(supervisor, QUEUE)
    response = supervisor.post(f"{QUEUE}/{request_id}/approve", data={"csrf_token": token})
    assert response.status_code == 302
    assert "Ion Rusu are acum un cont" in supervisor.get(QUEUE).get_data(as_text=True)
    with mail_app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ion.rusu@example.org"))
        assert (user.display_name, user.role, user.agency, user.language) == (
            "Ion Rusu",
            "specialist",
            "centru",
            "uk",
        )
        user_id = user.id
    assert requests_of(mail_app) == []
    (message,) = outbox(mail_app)
    assert message.to == ["ion.rusu@example.org"]
    assert "схвалено" in message.body
    path = link_in(message.body)
    assert path.startswith("/uk/set-password/")
    assert mail_app.test_client().get(path).status_code == 200
    supervisor_id = trail(mail_app)[0][1]  # the supervisor's own sign-in comes first
    assert ("account-created", supervisor_id, user_id, "role=specialist") in trail(mail_app)
    assert ("account-request-approved", supervisor_id, user_id, f"request={request_id}") in trail(mail_app)


def test_declining_tells_the_requester_politely_with_the_reason_in_their_language(mail_app, make_user):
    request_id = one_request(mail_app, language="ru")
    admin = signed_in(mail_app, make_user, "boss@example.org", "admin", agency=None)
    form = {"reason": "Вы не работаете в этом агентстве.", "csrf_token": csrf_token(admin, QUEUE)}
    assert admin.post(f"{QUEUE}/{request_id}/decline", data=form).status_code == 302
    assert "solicitantul a fost anunțat prin e-mail" in admin.get(QUEUE).get_data(as_text=True)
    (message,) = outbox(mail_app)
    assert message.to == ["ion.rusu@example.org"]
    assert message.subject == "Ваш запрос учётной записи"
    assert "не одобрен" in message.body and "Вы не работаете в этом агентстве." in message.body
    assert requests_of(mail_app) == []
    with mail_app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ion.rusu@example.org")) is None
        admin_id = db.session.scalar(select(User.id).where(User.email == "boss@example.org"))
    assert ("account-request-declined", admin_id, None, f"request={request_id} role=specialist") in trail(
        mail_app
    )
    assert not any("Вы не работаете" in detail or "ion.rusu" in detail for *_, detail in trail(mail_app))


def test_a_too_long_reason_is_explained_next_to_it_and_kept(mail_app, make_user):
    request_id = one_request(mail_app)
    admin = signed_in(mail_app, make_user, "boss@example.org", "admin", agency=None)
    reason = "Motiv " * 100
    form = {"reason": reason, "csrf_token": csrf_token(admin, QUEUE)}
    response = admin.post(f"{QUEUE}/{request_id}/decline", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        f'<p class="field-error" id="reason-{request_id}-error">Folosiți cel mult 500 caractere.</p>' in html
    )
    assert reason.strip() in html
    assert len(requests_of(mail_app)) == 1 and outbox(mail_app) == []


def test_a_supervisor_of_another_agency_gets_404_and_the_refusal_is_audited(mail_app, make_user):
    request_id = one_request(mail_app)
    other = signed_in(mail_app, make_user, "nord@example.org", "supervisor", agency="nord")
    assert "Ion Rusu" not in other.get(QUEUE).get_data(as_text=True)
    token = csrf_token(other, QUEUE)
    for action in ("approve", "decline"):
        assert other.post(f"{QUEUE}/{request_id}/{action}", data={"csrf_token": token}).status_code == 404
    assert len(requests_of(mail_app)) == 1 and outbox(mail_app) == []
    refusals = [row for row in trail(mail_app) if row[0] == "access-refused"]
    assert [detail for *_, detail in refusals] == [
        f"route=account_requests.approve_request target=account-request:{request_id}",
        f"route=account_requests.decline_request target=account-request:{request_id}",
    ]


@pytest.mark.parametrize("role", ["specialist", "psychologist", "editor"])
def test_roles_that_do_not_decide_cannot_open_the_queue(mail_app, make_user, role):
    request_id = one_request(mail_app)
    client = signed_in(mail_app, make_user, f"{role}@example.org", role)
    assert client.get(QUEUE).status_code == 404
    token = csrf_token(client, "/ro/login")
    assert client.post(f"{QUEUE}/{request_id}/approve", data={"csrf_token": token}).status_code == 404
    assert len(requests_of(mail_app)) == 1


def test_the_dashboard_and_the_accounts_page_show_how_many_wait(mail_app, make_user):
    one_request(mail_app)
    one_request(mail_app, email="elsewhere@example.org", agency="nord")
    supervisor = signed_in(mail_app, make_user, "sup@example.org", "supervisor")
    admin = signed_in(mail_app, make_user, "boss@example.org", "admin", agency=None)
    link = '<a href="/ro/account-requests">Cereri de cont în așteptare: {}</a>'
    assert link.format(1) in supervisor.get("/ro/supervision/").get_data(as_text=True)
    assert link.format(2) in admin.get("/ro/admin/users").get_data(as_text=True)
    assert "elsewhere@example.org" in admin.get(QUEUE).get_data(as_text=True)


def test_approving_an_address_that_has_an_account_by_now_is_explained(mail_app, make_user):
    request_id = one_request(mail_app, email="ana@example.org")
    make_user("ana@example.org")
    admin = signed_in(mail_app, make_user, "boss@example.org", "admin", agency=None)
    response = admin.post(f"{QUEUE}/{request_id}/approve", data={"csrf_token": csrf_token(admin, QUEUE)})
    assert response.status_code == 302
    assert "Există deja un cont cu această adresă de e-mail." in admin.get(QUEUE).get_data(as_text=True)
    assert len(requests_of(mail_app)) == 1


def test_without_mail_the_approver_gets_the_link_to_hand_over(app, make_user):
    request_id = one_request(app)
    supervisor = signed_in(app, make_user, "sup@example.org", "supervisor")
    response = supervisor.post(
        f"{QUEUE}/{request_id}/approve", data={"csrf_token": csrf_token(supervisor, QUEUE)}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Transmiteți acest link persoanei Ion Rusu" in html
    assert "/ro/set-password/" in html
