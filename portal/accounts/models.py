"""People who sign in: specialists, psychologists, supervisors, editors, administrators."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.roles import ROLES


def _now() -> datetime:
    return datetime.now(UTC)


class User(UserMixin, db.Model):
    """An account; the public never needs one."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    role: Mapped[str] = mapped_column(String(20), default="specialist")
    agency: Mapped[str | None] = mapped_column(String(40), nullable=True)
    language: Mapped[str] = mapped_column(String(2), default="ro")
    # The languages a translator works in, e.g. "ru,uk".
    languages: Mapped[str] = mapped_column(String(40), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Reminders by email (portal.notifications); the notices on the portal itself are always kept.
    email_notices: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    def get_id(self) -> str:
        """Return the session identifier; bumping session_version ends every other session."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Tell whether the account may sign in."""
        return bool(self.active)

    @property
    def readable_audiences(self) -> frozenset[str]:
        """Return the content audiences this user may read."""
        return ROLES[self.role].audiences

    @property
    def translation_languages(self) -> frozenset[str]:
        """Return the languages this account translates into (only a translator's count)."""
        return frozenset(code.strip() for code in (self.languages or "").split(",") if code.strip())

    @property
    def can_preview_drafts(self) -> bool:
        """Tell whether this user may see drafts."""
        return ROLES[self.role].drafts


def load_user(session_id: str) -> User | None:
    """Return the signed-in user for a session identifier, if it is still valid."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
