"""Reminders: notices on the portal with an unread count, email once per notice, in the reader's language."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from accounts_helpers import csrf_token, sign_in
from sqlalchemy import select

from portal.accounts.audit_events import AuditEvent
from portal.accounts.models import User
from portal.extensions import db
from portal.learning.models import Certificate, Enrolment, Rating
from portal.notifications.delivery import deliver
from portal.notifications.models import Notification
from portal.notifications.producing import produce

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2030, 1, 10)
SINCE = datetime(2020, 1, 1, tzinfo=UTC)  # every event the tests make is newer
DEMO, ADVANCED, OPEN = "trainings/demo-module", "trainings/advanced-module", "trainings/open-module"


def link(lang: str) -> str:
    return f"https://portal.example/{lang}/notifications/"


@pytest.fixture
def mail_app(make_app):
    """The corpus app with mail configured (Flask-Mailman keeps messages in memory under TESTING)."""
    return make_app(MAIL_SERVER="localhost", SITE_URL="https://portal.example")


def outbox(app) -> list:
    return app.extensions["mailman"].outbox


def add_user(app, email_address: str, language: str = "ro", role: str = "specialist") -> int:
    from accounts_helpers import STRONG

    from portal.accounts.passwords import hash_password

    with app.app_context():
        user = User(
            email=email_address,
            display_name=email_address.split("@")[0].title(),
            role=role,
            agency="centru",
            language=language,
            password_hash=hash_password(STRONG),
        )
        db.session.add(user)
        db.session.commit()
        return user.id


def assign(app, user_id: int, module: str, due_on: date | None, completed: bool = False) -> int:
    with app.app_context():
        enrolment = Enrolment(
            user_id=user_id,
            module_key=module,
            assigned_at=datetime.now(UTC),
            due_on=due_on,
            completed_at=datetime.now(UTC) if completed else None,
        )
        db.session.add(enrolment)
        db.session.commit()
        return enrolment.id


def certify(app, user_id: int, module: str = DEMO) -> int:
    with app.app_context():
        certificate = Certificate(user_id=user_id, module_key=module, code=f"CODE-{user_id}-{module[-6:]}")
        db.session.add(certificate)
        db.session.commit()
        return certificate.id


def rate(app, user_id: int, rater_id: int | None = None) -> int:
    with app.app_context():
        rating = Rating(
            user_id=user_id, rater_id=rater_id, competency="law.protection-orders", level=3, comment="Bine."
        )
        db.session.add(rating)
        db.session.commit()
        return rating.id


def run(app, today: date = TODAY) -> tuple[int, int]:
    """Produce and deliver as `flask notify` does, on a fixed day."""
    with app.app_context():
        created = produce(today, SINCE)
        sent = deliver(app.extensions["library"], SINCE, link)
        return created, sent


def notices(app, user_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.scalars(
            select(Notification).where(Notification.user_id == user_id).order_by(Notification.key)
        )
        return [(n.kind, n.key) for n in rows]


def world(app) -> dict[str, int]:
    """A learner with one event of every kind, and assignments that are due neither soon nor late."""
    ana = add_user(app, "ana@example.org")
    boss = add_user(app, "boss@example.org", role="supervisor")
    ids = {
        "ana": ana,
        "boss": boss,
        "soon": assign(app, ana, DEMO, date(2030, 1, 13)),  # in 3 days: due soon
        "late": assign(app, ana, ADVANCED, date(2030, 1, 9)),  # yesterday: overdue
        "later": assign(app, ana, OPEN, date(2030, 1, 14)),  # in 4 days: only assigned
    }
    done = add_user(app, "done@example.org")
    ids["done"] = done
    ids["done_late"] = assign(app, done, DEMO, date(2030, 1, 1), completed=True)  # completed: nothing
    ids["certificate"] = certify(app, ana)
    ids["rating"] = rate(app, ana, boss)
    return ids


# --- producing ----------------------------------------------------------------------------------------------


def test_each_kind_of_event_becomes_one_notice_however_often_it_runs(mail_app):
    ids = world(mail_app)
    first = run(mail_app)
    assert run(mail_app) == (0, 0)
    assert notices(mail_app, ids["ana"]) == sorted(
        [
            ("assigned", f"assigned:{ids['soon']}"),
            ("assigned", f"assigned:{ids['late']}"),
            ("assigned", f"assigned:{ids['later']}"),
            ("due", f"due:{ids['soon']}:2030-01-13"),
            ("overdue", f"overdue:{ids['late']}:2030-01-09"),
            ("certificate", f"certificate:{ids['certificate']}"),
            ("rating", f"rating:{ids['rating']}"),
        ],
        key=lambda row: row[1],
    )
    assert notices(mail_app, ids["done"]) == []
    assert first == (7, 1)  # seven notices, one mail for Ana
    # Four days on: the soon-due module is overdue, the later one due today; each is a new notice.
    assert run(mail_app, date(2030, 1, 14)) == (2, 1)
    later = {("overdue", f"overdue:{ids['soon']}:2030-01-13"), ("due", f"due:{ids['later']}:2030-01-14")}
    assert later <= set(notices(mail_app, ids["ana"]))
    assert run(mail_app, date(2030, 1, 14)) == (0, 0)


def test_old_events_are_not_announced_and_inactive_accounts_get_nothing(mail_app):
    ana = add_user(mail_app, "ana@example.org")
    gone = add_user(mail_app, "gone@example.org")
    assign(mail_app, gone, DEMO, date(2030, 1, 12))
    with mail_app.app_context():
        db.session.get(User, gone).active = False
        db.session.commit()
    certify(mail_app, ana)
    with mail_app.app_context():
        assert produce(TODAY, datetime(2099, 1, 1, tzinfo=UTC)) == 0  # the certificate is older than that
    assert notices(mail_app, gone) == [] and notices(mail_app, ana) == []


# --- the page and the header ---------------------------------------------------------------------------


def test_the_header_counts_unread_notices_and_the_page_marks_them_read(mail_app):
    ids = world(mail_app)
    run(mail_app)
    client = mail_app.test_client()
    assert sign_in(client, "ana@example.org").status_code == 302
    assert "Notificări (7)" in client.get("/ro/learning/").get_data(as_text=True)
    html = client.get("/ro/notifications/").get_data(as_text=True)
    for sentence in (
        "Vi s-a atribuit modulul „Modul demonstrativ”, cu termen până la 13 ianuarie 2030.",
        "Modulul „Modul demonstrativ” trebuie finalizat până la 13 ianuarie 2030.",
        "Modulul „Modul avansat” trebuia finalizat până la 9 ianuarie 2030 și nu este încă finalizat.",
        "Certificatul dumneavoastră pentru modulul „Modul demonstrativ” a fost emis.",
        "Supervizorul v-a evaluat competența „Ordine de protecție”.",
    ):
        assert sentence in html, sentence
    assert html.count("Marchează ca citită") == 7
    with mail_app.app_context():
        rating_notice = db.session.scalar(
            select(Notification.id).where(Notification.key == f"rating:{ids['rating']}")
        )
    token = csrf_token(client, "/ro/notifications/")
    response = client.post(f"/ro/notifications/{rating_notice}/read", data={"csrf_token": token})
    assert response.status_code == 302
    html = client.get("/ro/notifications/").get_data(as_text=True)
    assert "Notificări (6)" in html and html.count("Marchează ca citită") == 6
    assert client.post("/ro/notifications/read", data={"csrf_token": token}).status_code == 302
    html = client.get("/ro/notifications/").get_data(as_text=True)
    assert "Notificări (0)" in html and "Marchează ca citită" not in html and "Marchează toate" not in html
    assert "Supervizorul v-a evaluat competența „Ordine de protecție”." in html  # read notices stay listed


def test_the_page_speaks_the_readers_language(mail_app):
    world(mail_app)
    run(mail_app)
    client = mail_app.test_client()
    sign_in(client, "ana@example.org")
    html = client.get("/ru/notifications/").get_data(as_text=True)
    assert "Уведомления (7)" in html
    assert "Супервизор оценил вашу компетенцию «Защитные предписания»." in html  # the matrix has Russian
    # The corpus has the module in Romanian only: its title stays Romanian inside the Russian sentence.
    assert "Модуль «Модуль avansat»" not in html
    assert "Модуль «Modul avansat» нужно было пройти до 9 января 2030\u202fг., но он ещё не пройден." in html


def test_no_one_reads_or_marks_anothers_notices(mail_app):
    ids = world(mail_app)
    run(mail_app)
    add_user(mail_app, "ion@example.org")
    ion = mail_app.test_client()
    sign_in(ion, "ion@example.org")
    html = ion.get("/ro/notifications/").get_data(as_text=True)
    assert "Nu aveți notificări." in html and "Modul demonstrativ" not in html
    assert "Notificări (0)" in html
    with mail_app.app_context():
        anas = db.session.scalars(select(Notification.id).where(Notification.user_id == ids["ana"])).all()
    token = csrf_token(ion, "/ro/notifications/")
    assert ion.post(f"/ro/notifications/{anas[0]}/read", data={"csrf_token": token}).status_code == 404
    assert ion.post("/ro/notifications/999999/read", data={"csrf_token": token}).status_code == 404
    ion.post("/ro/notifications/read", data={"csrf_token": token})  # marks only Ion's own (none)
    with mail_app.app_context():
        unread = db.session.scalars(
            select(Notification).where(Notification.user_id == ids["ana"], Notification.read_at.is_(None))
        ).all()
        assert len(unread) == 7
        refused = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "access-refused")).all()
        assert [(e.subject_id, e.detail) for e in refused] == [
            (ids["ana"], f"route=notifications.read target=notice:{anas[0]}"),
            (None, "route=notifications.read target=notice:999999"),
        ]


def test_anonymous_pages_set_no_cookie_and_show_no_notices(mail_app):
    world(mail_app)
    run(mail_app)
    anonymous = mail_app.test_client()
    for path in ("/ro/", "/ro/trainings/open-module", "/ru/materials/protection-order"):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
        assert "Notificări" not in response.get_data(as_text=True)
        assert "Уведомления" not in response.get_data(as_text=True)
    response = anonymous.get("/ro/notifications/")
    assert response.status_code == 302 and "/ro/login" in response.headers["Location"]


# --- email --------------------------------------------------------------------------------------------------


def test_the_mail_is_in_the_recipients_language_and_its_subject_names_nothing(mail_app):
    ids = world(mail_app)
    with mail_app.app_context():
        db.session.get(User, ids["ana"]).language = "ru"
        db.session.commit()
    run(mail_app)
    [mail] = outbox(mail_app)
    assert mail.to == ["ana@example.org"]
    assert mail.subject == "Новое уведомление на портале"
    body = mail.body
    assert body.startswith("Здравствуйте, Ana!\n")
    assert "- Супервизор оценил вашу компетенцию «Защитные предписания»." in body
    assert "- Вам назначен модуль «Modul demonstrativ», срок — до 13 января 2030\u202fг." in body
    assert "https://portal.example/ru/notifications/" in body
    assert body.count("\n- ") == 7


def test_turning_email_off_stops_the_mail_but_not_the_notice(mail_app):
    ids = world(mail_app)
    other = add_user(mail_app, "ion@example.org", language="en")
    assign(mail_app, other, DEMO, None)
    client = mail_app.test_client()
    sign_in(client, "ana@example.org")
    page = client.get("/ro/account/").get_data(as_text=True)
    assert '<input checked id="email_notices" name="email_notices" type="checkbox"' in page
    token = csrf_token(client, "/ro/account/")
    response = client.post("/ro/account/email-notices", data={"csrf_token": token})  # the box unticked
    assert response.status_code == 302
    page = client.get("/ro/account/").get_data(as_text=True)
    assert "Setarea pentru mementouri a fost salvată." in page
    assert '<input id="email_notices" name="email_notices" type="checkbox"' in page
    run(mail_app)
    sent = [(m.to, m.subject) for m in outbox(mail_app)]
    assert sent == [(["ion@example.org"], "New notice on the portal")]
    assert "- The module “Modul demonstrativ” was assigned to you." in outbox(mail_app)[0].body
    assert len(notices(mail_app, ids["ana"])) == 7
    assert "Notificări (7)" in client.get("/ro/notifications/").get_data(as_text=True)
    # Ticked again: what comes next is mailed again.
    client.post("/ro/account/email-notices", data={"csrf_token": token, "email_notices": "y"})
    rate(mail_app, ids["ana"], ids["boss"])
    run(mail_app)
    assert [m.to for m in outbox(mail_app)] == [["ion@example.org"], ["ana@example.org"]]


def test_without_mail_configured_notices_are_kept_and_nothing_is_marked_sent(make_app):
    app = make_app()
    world(app)
    assert run(app) == (7, 0)
    with app.app_context():
        assert db.session.scalars(select(Notification.emailed_at)).all() == [None] * 7


def test_a_failing_mail_server_leaves_the_notices_for_the_next_run(mail_app, monkeypatch):
    import smtplib

    from portal.accounts import mailer

    world(mail_app)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(mailer, "send", refuse)
    assert run(mail_app) == (7, 0)
    monkeypatch.undo()
    assert run(mail_app) == (0, 1)
    assert outbox(mail_app)[0].body.count("\n- ") == 7


def test_the_command_prints_what_it_did_and_links_to_the_site(mail_app):
    ana = add_user(mail_app, "ana@example.org", language="uk")
    certify(mail_app, ana)
    with mail_app.app_context():
        result = mail_app.test_cli_runner().invoke(args=["notify"])
    assert result.exit_code == 0, result.output
    assert result.output == "1 new notices, 1 emails sent\n"
    [mail] = outbox(mail_app)
    assert mail.subject == "Нове сповіщення на порталі"
    assert "Прочитати їх можна на порталі: https://portal.example/uk/notifications/" in mail.body


# --- two runs at once ------------------------------------------------------------------------------------


def _mails(folder: Path) -> list[email.message.EmailMessage]:
    found = []
    for path in folder.iterdir():
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                found.append(email.message_from_bytes(raw, policy=email.policy.default))
    return found


def test_two_notify_commands_at_once_send_each_notice_exactly_once(make_app, database_url, tmp_path):
    app = make_app()
    learners = [add_user(app, f"learner{i}@example.org") for i in range(8)]
    for learner in learners:
        assign(app, learner, DEMO, None)
        assign(app, learner, ADVANCED, None)
        certify(app, learner, OPEN)
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PORTAL_SQLALCHEMY_DATABASE_URI": database_url,
        "PORTAL_SECRET_KEY": "k" * 40,
        "PORTAL_CONTENT_DIR": str(ROOT / "tests" / "corpus"),
        "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "PORTAL_SEARCH_BUILD_ON_START": "false",
        "PORTAL_RENDER_CACHE_DIR": str(tmp_path / "render-cache"),
        "PORTAL_MAIL_SERVER": "localhost",
        "PORTAL_MAIL_BACKEND": "file",
        "PORTAL_MAIL_FILE_PATH": str(mail_dir),
        "PORTAL_SITE_URL": "https://portal.example",
    }
    flask, pipe = [sys.executable, "-m", "flask", "--app", "portal", "notify"], subprocess.PIPE
    runs = [
        subprocess.Popen(flask, cwd=tmp_path, env=env, stdout=pipe, stderr=pipe, text=True) for _ in range(2)
    ]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _, err in outputs]
    with app.app_context():
        rows = db.session.scalars(select(Notification)).all()
        assert len(rows) == 24
        assert all(row.emailed_at is not None for row in rows)
    told: dict[str, list[str]] = {}
    for mail in _mails(mail_dir):
        assert mail["Subject"] == "Notificare nouă pe portal"
        lines = [line for line in mail.get_content().splitlines() if line.startswith("- ")]
        told.setdefault(mail["To"], []).extend(lines)
    expected = sorted(
        [
            "- Vi s-a atribuit modulul „Modul demonstrativ”.",
            "- Vi s-a atribuit modulul „Modul avansat”.",
            "- Certificatul dumneavoastră pentru modulul „Curs deschis” a fost emis.",
        ]
    )
    assert {to: sorted(lines) for to, lines in told.items()} == {
        f"learner{i}@example.org": expected for i in range(8)
    }


# --- around the notices ----------------------------------------------------------------------------------


def test_erasing_a_learner_removes_her_notices(mail_app):
    from portal.learning.erasure import erase_learner

    ids = world(mail_app)
    run(mail_app)
    admin = add_user(mail_app, "admin@example.org", role="admin")
    with mail_app.app_context():
        erase_learner(db.session.get(User, admin), db.session.get(User, ids["ana"]))
    assert notices(mail_app, ids["ana"]) == []


def test_a_module_assigned_again_with_a_new_date_is_reminded_of_again(mail_app):
    """Re-assigning updates the due date (insert_once reports the conflict, on PostgreSQL too)."""
    from portal.learning.enrolment import assign_module

    ana = add_user(mail_app, "ana@example.org")
    boss = add_user(mail_app, "boss@example.org", role="supervisor")
    with mail_app.app_context():
        assign_module(db.session.get(User, ana), DEMO, db.session.get(User, boss), date(2030, 1, 12))
        db.session.commit()
    run(mail_app)
    with mail_app.app_context():
        assign_module(db.session.get(User, ana), DEMO, db.session.get(User, boss), date(2030, 1, 11))
        db.session.commit()
        assert db.session.scalar(select(Enrolment.due_on)) == date(2030, 1, 11)
    run(mail_app)
    assert [kind for kind, _key in notices(mail_app, ana)] == ["assigned", "due", "due"]
