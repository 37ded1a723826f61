"""Writing to the audit log, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from portal.accounts.audit_events import EVENTS, AuditEvent
from portal.extensions import db


def record(event: str, actor: Any = None, subject: Any = None, detail: str = "") -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits it with the change itself)."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    entry = AuditEvent(
        event=event,
        actor_id=getattr(actor, "id", actor),
        subject_id=getattr(subject, "id", subject),
        detail=detail[:200],
    )
    db.session.add(entry)
    return entry


def record_refusal(actor: Any, route: str, target: str, subject: Any = None) -> AuditEvent:
    """Audit and commit a refused access: who asked, through which route, for what (someone else's record)."""
    entry = record("access-refused", actor=actor, subject=subject, detail=f"route={route} target={target}")
    db.session.commit()
    return entry
