"""The audit trail: append-only in the database itself, refusals recorded, supervisors kept in scope."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from learning_helpers import open_quiz, signed_in, token
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from portal.accounts.audit import record
from portal.accounts.audit_events import AuditEvent
from portal.extensions import db


def _events(app, event: str) -> list[tuple[int | None, int | None, str]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.event == event).order_by(AuditEvent.id))
        return [(row.actor_id, row.subject_id, row.detail) for row in rows]


def _schema_by_migrations(app) -> None:
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(directory=app.extensions["migrate"].directory)


@pytest.mark.parametrize("schema", ["create_all", "migrations"])
def test_the_database_refuses_to_change_or_remove_an_audit_row(app, schema):
    if schema == "migrations":
        _schema_by_migrations(app)
    with app.app_context():
        record("sign-in", actor=7, subject=7, detail="kept")
        db.session.commit()
        for statement in (
            "UPDATE audit_events SET detail = 'forged'",
            "UPDATE audit_events SET actor_id = NULL WHERE id = 1",
            "DELETE FROM audit_events",
            "DELETE FROM audit_events WHERE id = 1",
        ):
            with db.engine.connect() as connection:
                with pytest.raises(DBAPIError, match="append-only"):
                    connection.execute(text(statement))
                connection.rollback()
        with db.engine.begin() as connection:  # appending still works, and the first row is as written
            insert = "INSERT INTO audit_events (at, event, actor_id, detail) VALUES (:at, 'sign-out', 7, '')"
            connection.execute(text(insert), {"at": "2026-12-03 08:00:00"})
            select_all = "SELECT event, actor_id, detail FROM audit_events ORDER BY id"
            rows = connection.execute(text(select_all)).all()
    assert [tuple(row) for row in rows] == [("sign-in", 7, "kept"), ("sign-out", 7, "")]


def test_postgresql_also_refuses_truncating_the_audit_log(make_app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("TRUNCATE is PostgreSQL's")
    app = make_app()
    with app.app_context():
        record("sign-in", actor=7)
        db.session.commit()
        with db.engine.connect() as connection:
            with pytest.raises(DBAPIError, match="append-only"):
                connection.execute(text("TRUNCATE audit_events"))
        assert len(db.session.scalars(select(AuditEvent)).all()) == 1


def test_a_supervisor_opens_only_active_learners_of_their_own_agency_and_refusals_are_audited(app, make_user):
    mine = make_user("mine@example.org", agency="centru")
    far = make_user("far@example.org", agency="nord")
    disabled = make_user("gone@example.org", agency="centru", active=False)
    supervisor, boss = signed_in(app, make_user, "sup@example.org", role="supervisor")
    assert supervisor.get(f"/ro/supervision/learners/{mine.id}").status_code == 200
    assert supervisor.get(f"/ro/supervision/learners/{far.id}").status_code == 404
    assert supervisor.get(f"/ro/supervision/learners/{disabled.id}").status_code == 404
    assert supervisor.get("/ro/supervision/learners/999999").status_code == 404
    rated = supervisor.post(
        f"/ro/supervision/learners/{disabled.id}/ratings",
        data={"csrf_token": token(supervisor), "competency": "x", "level": "1"},
    )
    assert rated.status_code == 404
    assert "Gone" not in supervisor.get("/ro/supervision/").get_data(as_text=True)
    assert _events(app, "access-refused") == [
        (boss.id, far.id, f"route=supervision.learner target=user:{far.id}"),
        (boss.id, disabled.id, f"route=supervision.learner target=user:{disabled.id}"),
        (boss.id, None, "route=supervision.learner target=user:999999"),
        (boss.id, disabled.id, f"route=supervision.rate_learner target=user:{disabled.id}"),
    ]
    assert [(actor, subject) for actor, subject, _ in _events(app, "record-viewed")] == [(boss.id, mine.id)]


def test_an_admin_still_opens_a_disabled_learner(app, make_user):
    disabled = make_user("gone@example.org", agency="nord", active=False)
    admin, _ = signed_in(app, make_user, "admin@example.org", role="admin")
    assert admin.get(f"/ro/supervision/learners/{disabled.id}").status_code == 200
    assert _events(app, "access-refused") == []


def test_opening_another_learners_attempt_is_refused_and_audited(app, make_user):
    owner, ana = signed_in(app, make_user, "ana@example.org")
    attempt_id = open_quiz(owner)
    other, ion = signed_in(app, make_user, "ion@example.org")
    assert other.get(f"/ro/learning/attempts/{attempt_id}").status_code == 404
    submitted = other.post(f"/ro/learning/attempts/{attempt_id}", data={"csrf_token": token(other)})
    assert submitted.status_code == 404
    assert owner.get(f"/ro/learning/attempts/{attempt_id}").status_code == 200
    detail = f"route=learning.attempt target=attempt:{attempt_id}"
    assert _events(app, "access-refused") == [(ion.id, ana.id, detail), (ion.id, ana.id, detail)]
