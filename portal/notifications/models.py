"""A notice to one user about one event, kept once per event whoever produces it and however often."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

KINDS = ("assigned", "due", "overdue", "certificate", "rating")


def now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


class Notification(db.Model):
    """A notice: `key` names its event ("due:<enrolment id>:<due date>"), unique per user.

    `emailed_at` is set by the one process that claims the notice for its email, before sending it.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "key", name="uq_notification_user_key"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(80))
    about: Mapped[str] = mapped_column(String(200))  # a module key, or a competency id for a rating
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
