"""A user's own notices: the list, the unread count, marking read (never anyone else's)."""

from __future__ import annotations

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.notifications.models import Notification, now

SHOWN = 100  # the newest notices a page lists


def notices_of(user_id: int) -> list[Notification]:
    """Return a user's newest notices, newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(SHOWN)
        )
    )


def unread_count(user_id: int) -> int:
    """Return how many of a user's notices are unread."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def mark_read(user_id: int, notice_id: int) -> bool:
    """Mark one of the user's own notices as read; tell whether it is theirs (again: no change)."""
    notice = db.session.get(Notification, notice_id)
    if notice is None or notice.user_id != user_id:
        return False
    if notice.read_at is None:
        notice.read_at = now()
    db.session.commit()
    return True


def mark_all_read(user_id: int) -> int:
    """Mark every unread notice of the user as read; return how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now())
    )
    db.session.commit()
    return result.rowcount


def owner_of(notice_id: int) -> int | None:
    """Return whose notice this is, if it exists (for the audit of a refused request)."""
    return db.session.scalar(select(Notification.user_id).where(Notification.id == notice_id))
