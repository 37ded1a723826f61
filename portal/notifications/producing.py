"""Finding the events learners are told about, and keeping each as one notice however often this runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.inserts import insert_once
from portal.learning.models import Certificate, Enrolment, Rating
from portal.notifications.models import Notification, now

DUE_SOON_DAYS = 3


@dataclass(frozen=True)
class Event:
    """Something one user is told about once: `key` names it among all of that user's events."""

    user_id: int
    kind: str
    key: str
    about: str
    due_on: date | None = None


def _active_users():
    return select(User.id).where(User.active.is_(True)).scalar_subquery()


def assignment_events(today: date, since: datetime) -> list[Event]:
    """Return new assignments (since `since`), those due within three days, and the overdue ones."""
    events = []
    rows = db.session.scalars(
        select(Enrolment).where(
            Enrolment.assigned_at.is_not(None),
            Enrolment.completed_at.is_(None),
            Enrolment.user_id.in_(_active_users()),
        )
    )
    for enrolment in rows:
        user, key, due = enrolment.user_id, enrolment.module_key, enrolment.due_on
        if _aware(enrolment.assigned_at) >= since:
            events.append(Event(user, "assigned", f"assigned:{enrolment.id}", key, due))
        if due is None:
            continue
        # The due date is part of the key: a module re-assigned with a new date is reminded of again.
        if due < today:
            events.append(Event(user, "overdue", f"overdue:{enrolment.id}:{due.isoformat()}", key, due))
        elif due <= today + timedelta(days=DUE_SOON_DAYS):
            events.append(Event(user, "due", f"due:{enrolment.id}:{due.isoformat()}", key, due))
    return events


def certificate_events(since: datetime) -> list[Event]:
    """Return the certificates issued since `since`."""
    rows = db.session.scalars(
        select(Certificate).where(Certificate.issued_at >= since, Certificate.user_id.in_(_active_users()))
    )
    return [Event(c.user_id, "certificate", f"certificate:{c.id}", c.module_key) for c in rows]


def rating_events(since: datetime) -> list[Event]:
    """Return the supervisors' ratings given since `since`."""
    rows = db.session.scalars(
        select(Rating).where(Rating.created_at >= since, Rating.user_id.in_(_active_users()))
    )
    return [Event(r.user_id, "rating", f"rating:{r.id}", r.competency) for r in rows]


def due_events(today: date, since: datetime) -> list[Event]:
    """Return every event to tell about today, in a fixed order (racing writers then lock rows alike)."""
    events = assignment_events(today, since) + certificate_events(since) + rating_events(since)
    return sorted(events, key=lambda e: (e.user_id, e.key))


def produce(today: date, since: datetime) -> int:
    """Keep a notice for every due event that has none yet; return how many were new.

    INSERT ... ON CONFLICT DO NOTHING on (user_id, key): two runs at once, on one node or several, keep each
    notice once, and a conflict skips only its own row.
    """
    events = due_events(today, since)
    created = 0
    for event in events:
        created += insert_once(
            Notification,
            user_id=event.user_id,
            kind=event.kind,
            key=event.key,
            about=event.about,
            due_on=event.due_on,
            created_at=now(),
        )
    db.session.commit()
    return created


def _aware(moment: datetime) -> datetime:
    """Return a stored time as UTC-aware (SQLite gives back naive times)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
