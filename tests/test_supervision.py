"""Supervisor dashboard, learner records, safe CSV exports, a learner's own data, erasure."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from learning_helpers import read_lessons, signed_in, take_quiz, token
from sqlalchemy import func, select

from portal.accounts.audit_events import AuditEvent
from portal.accounts.models import User
from portal.extensions import db
from portal.learning.erasure import module_totals
from portal.learning.exports import csv_text, safe_cell
from portal.learning.models import Certificate, Enrolment, Evidence, LessonProgress, QuizAttempt

# What spreadsheets read as the start of a formula (OWASP, CSV injection), written out here.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def audit(app, event: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.event == event)).all()
        db.session.expunge_all()
        return rows


def assign(supervisor, learner_ids, module="trainings/demo-module", due_on=""):
    return supervisor.post(
        "/ro/supervision/assign",
        data={
            "csrf_token": token(supervisor),
            "learners": [str(i) for i in learner_ids],
            "module": module,
            "due_on": due_on,
        },
    )


# --- dashboard ---------------------------------------------------------------------------------------------


def test_a_supervisor_sees_only_the_learners_of_their_own_agency(app, make_user):
    make_user("mine@example.org", agency="centru")
    far = make_user("far@example.org", agency="nord")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    html = supervisor.get("/ro/supervision/").get_data(as_text=True)
    assert "Mine" in html and "Far" not in html
    assert supervisor.get(f"/ro/supervision/learners/{far.id}").status_code == 404
    assert assign(supervisor, [far.id]).status_code in (400, 404)
    with app.app_context():
        assert db.session.scalars(select(Enrolment)).all() == []


def test_an_admin_sees_every_agency(app, make_user):
    make_user("mine@example.org", agency="centru")
    far = make_user("far@example.org", agency="nord")
    admin, _ = signed_in(app, make_user, "admin@example.org", role="admin")
    html = admin.get("/ro/supervision/").get_data(as_text=True)
    assert "Mine" in html and "Far" in html
    assert admin.get(f"/ro/supervision/learners/{far.id}").status_code == 200


def test_learners_and_anonymous_visitors_have_no_dashboard(app, make_user):
    learner, _ = signed_in(app, make_user)
    assert learner.get("/ro/supervision/").status_code == 404
    assert learner.get("/ro/supervision/export.csv").status_code == 404
    assert app.test_client().get("/ro/supervision/").status_code == 302


def test_completion_per_module_and_the_coverage_heatmap(app, make_user):
    done, _ = signed_in(app, make_user, "done@example.org")
    make_user("idle@example.org")
    read_lessons(done)
    take_quiz(app, done)
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    html = supervisor.get("/ro/supervision/").get_data(as_text=True)
    completion = html.split('id="completion-title"')[1].split("</table>")[0]
    demo_row = completion.split("Modul demonstrativ")[1].split("</tr>")[0]
    assert "<td>1</td>" in demo_row  # started
    heatmap = html.split('class="data heatmap"')[1].split("</table>")[0]
    row = heatmap.split('<th scope="row">Ordine de protecție</th>')[1].split("</tr>")[0]
    # two learners in scope (the supervisor is not one of them): one without a level, one at level 2
    cells = [c.split(">")[1] for c in row.split("<td")[1:6]]
    assert cells == ["1</td", "0</td", "1</td", "0</td", "0</td"]
    assert "heat-" in row


def backdate(app, user_ids, module="trainings/demo-module", due_on=date(2020, 1, 15)) -> None:
    """Move the due date of assignments into the past (the form only takes dates after today)."""
    with app.app_context():
        for enrolment in db.session.scalars(
            select(Enrolment).where(Enrolment.user_id.in_(user_ids), Enrolment.module_key == module)
        ):
            enrolment.due_on = due_on
        db.session.commit()


def test_overdue_assignments_are_listed(app, make_user):
    late = make_user("late@example.org")
    on_time = make_user("ontime@example.org")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    assert assign(supervisor, [late.id], due_on="2098-01-15").status_code == 302
    backdate(app, [late.id])
    assert (
        assign(supervisor, [on_time.id], module="trainings/advanced-module", due_on="2099-01-15").status_code
        == 302
    )
    section = supervisor.get("/ro/supervision/").get_data(as_text=True).split('id="overdue-title"')[1]
    section = section.split("</section>")[0]
    assert "Late" in section and "15 ianuarie 2020" in section and "Ontime" not in section
    assert len(audit(app, "module-assigned")) == 2


def test_an_assignment_past_its_date_is_overdue_until_completed(app, make_user):
    learner, me = signed_in(app, make_user, "late@example.org")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    other = make_user("other@example.org")  # another learner's overdue assignment stays off this page
    assert assign(supervisor, [me.id, other.id], due_on="2098-01-15").status_code == 302
    backdate(app, [me.id, other.id])
    advanced = "trainings/advanced-module"
    assert assign(supervisor, [me.id], module=advanced, due_on="2099-01-15").status_code == 302
    html = learner.get("/ro/learning/").get_data(as_text=True)
    assert html.count("termen depășit din 15 ianuarie 2020") == 1
    assert "termen depășit din 15 ianuarie 2099" not in html and "15 ianuarie 2099" in html
    read_lessons(learner)
    take_quiz(app, learner, right=True)
    assert "termen depășit" not in learner.get("/ro/learning/").get_data(as_text=True)
    section = supervisor.get("/ro/supervision/").get_data(as_text=True).split('id="overdue-title"')[1]
    section = section.split("</section>")[0]
    assert "Other" in section and "Late" not in section  # completed: no longer overdue


def test_opening_a_learner_record_is_audited_each_time(app, make_user):
    learner = make_user("ana@example.org")
    supervisor, boss = signed_in(app, make_user, "sup@example.org", role="supervisor")
    for _ in range(2):
        assert supervisor.get(f"/ro/supervision/learners/{learner.id}").status_code == 200
    events = audit(app, "record-viewed")
    assert [(e.actor_id, e.subject_id) for e in events] == [(boss.id, learner.id)] * 2


def test_the_learner_record_is_complete(app, make_user):
    client, learner = signed_in(app, make_user)
    read_lessons(client)
    take_quiz(app, client, right=False)
    take_quiz(app, client)
    client.post(
        "/ro/learning/self-assessment",
        data={"csrf_token": token(client), "competency": "law.protection-orders", "level": "3"},
    )
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    html = supervisor.get(f"/ro/supervision/learners/{learner.id}").get_data(as_text=True)
    for expected in ("Modul demonstrativ", "0%", "100%", "2 din 2", "Ordine de protecție"):
        assert expected in html, expected


# --- CSV ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_starting_like_a_formula_is_quoted(start):
    assert safe_cell(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'
    assert safe_cell("Ana =1") == "Ana =1"


def test_the_supervisor_csv_export_is_safe_and_audited(app, make_user):
    evil = make_user("evil@example.org")
    with app.app_context():
        db.session.get(User, evil.id).display_name = "=cmd|' /C calc'!A0"
        db.session.commit()
    client = app.test_client()
    from accounts_helpers import sign_in

    sign_in(client, "evil@example.org")
    read_lessons(client, lessons=("first-lesson",))
    supervisor, boss = signed_in(app, make_user, "sup@example.org", role="supervisor")
    response = supervisor.get("/ro/supervision/export.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Cursant", "Rol"] and rows[1][:2] == ["'=cmd|' /C calc'!A0", "Specialist"]
    assert all(not cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
    assert [e.actor_id for e in audit(app, "export")] == [boss.id]


def test_csv_text_quotes_every_cell():
    text = csv_text(["a"], [["-1+2"], ["@SUM(A1)"], ["\tx"], ["ok"]])
    assert text.splitlines() == ["a", "'-1+2", "'@SUM(A1)", "'\tx", "ok"]


# --- data rights -------------------------------------------------------------------------------------


def test_a_learner_downloads_all_their_own_data_as_json_and_csv(app, make_user):
    client, _user = signed_in(app, make_user)
    other, _ = signed_in(app, make_user, "bob@example.org")
    read_lessons(client)
    take_quiz(app, client)
    take_quiz(app, other, right=False)
    data = json.loads(client.get("/ro/learning/my-data.json").get_data(as_text=True))
    assert data["account"]["email"] == "ana@example.org"
    assert len(data["lessons_done"]) == 2 and len(data["quiz_attempts"]) == 1
    assert data["quiz_attempts"][0]["answers"][0]["question"] == "q1"
    assert data["evidence"][0]["competency"] == "law.protection-orders" and data["certificates"][0]["code"]
    assert "bob@example.org" not in json.dumps(data)
    text = client.get("/ro/learning/my-data.csv").get_data(as_text=True)
    assert "ana@example.org" in text and "certificates" in text and "bob" not in text
    assert [e.detail for e in audit(app, "export")] == ["own-data json", "own-data csv"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_admin_erases_a_learner_idempotently_audited_with_totals_intact(app, make_user):
    client, learner = signed_in(app, make_user)
    read_lessons(client)
    take_quiz(app, client, right=False)
    take_quiz(app, client)
    admin, boss = signed_in(app, make_user, "admin@example.org", role="admin")
    with app.app_context():
        before = module_totals()
    assert before["trainings/demo-module"] == {"enrolments": 1, "completions": 1, "attempts": 2, "passes": 1}
    for _ in range(2):
        response = admin.post(
            f"/ro/supervision/learners/{learner.id}/erase", data={"csrf_token": token(admin), "confirm": "y"}
        )
        assert response.status_code == 302
    with app.app_context():
        assert module_totals() == before
        for model in (Enrolment, LessonProgress, QuizAttempt, Evidence, Certificate):
            assert _count(model) == 0, model
        erased = db.session.get(User, learner.id)
        assert (erased.email, erased.active, erased.password_hash) == (
            f"erased-{learner.id}@erased.invalid",
            False,
            None,
        )
    assert client.get("/ro/learning/").status_code == 302  # their session ended
    events = audit(app, "learner-erased")
    assert [(e.actor_id, e.subject_id) for e in events] == [(boss.id, learner.id)] * 2
    assert events[1].detail == "already erased"


def test_erasure_needs_confirmation_and_an_admin(app, make_user):
    learner = make_user("ana@example.org")
    admin, _ = signed_in(app, make_user, "admin@example.org", role="admin")
    assert (
        admin.post(
            f"/ro/supervision/learners/{learner.id}/erase", data={"csrf_token": token(admin)}
        ).status_code
        == 400
    )
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    assert (
        supervisor.post(
            f"/ro/supervision/learners/{learner.id}/erase",
            data={"csrf_token": token(supervisor), "confirm": "y"},
        ).status_code
        == 404
    )
    with app.app_context():
        assert db.session.get(User, learner.id).active


@pytest.mark.parametrize("due_on", ["2020-01-15", "today"])
def test_a_due_date_today_or_in_the_past_is_refused_next_to_the_field(app, make_user, due_on):
    learner = make_user("mine@example.org")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    value = date.today().isoformat() if due_on == "today" else due_on
    response = assign(supervisor, [learner.id], due_on=value)
    assert response.status_code == 400
    assert "Alegeți un termen după ziua de azi." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Enrolment)).all() == []


def test_supervisors_are_not_listed_among_the_learners_they_follow(app, make_user):
    make_user("mine@example.org")
    other = make_user("colleague@example.org", role="supervisor")
    supervisor, me = signed_in(app, make_user, "sup@example.org", role="supervisor")
    html = supervisor.get("/ro/supervision/").get_data(as_text=True)
    boxes = "".join(html.split('name="learners"')[1:])
    assert "Mine" in html
    assert f'value="{me.id}"' not in boxes and f'value="{other.id}"' not in boxes
    assert supervisor.get(f"/ro/supervision/learners/{other.id}").status_code == 404
    assert supervisor.get(f"/ro/supervision/learners/{me.id}").status_code == 404
