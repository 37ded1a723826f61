"""The audit log: an append-only record of sign-ins, account changes, exports and record views."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DDL, DateTime, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

EVENTS = (
    "sign-in",
    "sign-in-failed",
    "sign-out",
    "sign-out-everywhere",
    "password-set",
    "password-changed",
    "account-created",
    "account-changed",
    "role-changed",
    "account-disabled",
    "link-issued",
    "reset-requested",
    "account-requested",
    "account-request-approved",
    "account-request-declined",
    "export",
    "record-viewed",
    "learner-erased",
    "accounts-imported",
    "module-assigned",
    "competency-rated",
    "access-refused",
    "draft-started",
    "draft-submitted",
    "draft-sent-back",
    "draft-retracted",
    "draft-published",
)


class AuditEvent(db.Model):
    """Who did what to whom, and when; never content, passwords, tokens, cookies or search terms."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: datetime.now(UTC), index=True
    )
    event: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(
        Integer, nullable=True
    )  # no foreign key: erasure keeps the trail
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(String(200), default="")


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise ValueError("the audit log is append-only")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise ValueError("the audit log is append-only")


# The database itself refuses to change or remove an audit row, whoever connects (the ORM hooks above only
# stop this app's own mistakes). The migration 0004 and `create_all` both run these statements.
APPEND_ONLY = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
        "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
    ),
}

for _dialect, _statements in APPEND_ONLY.items():
    for _statement in _statements:
        event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
