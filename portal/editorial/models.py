"""Drafts of content files and the transitions of their workflow, kept in the database until published."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db

PATH = 300  # a path under content/, e.g. "materials/protection-orders.ro.md"
STATES = ("draft", "pending", "published", "retracted")
ALT = 300  # an image's alt text


def now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


class Draft(db.Model):
    """A working copy of one content file: its whole text, and the published text it was started from."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(PATH), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)  # front matter and body, as the file will read
    base_text: Mapped[str | None] = mapped_column(Text, nullable=True)  # None: a new item
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    minor: Mapped[bool] = mapped_column(Boolean, default=False)  # a typo fix: translations stay up to date
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    comment: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    transitions: Mapped[list[Transition]] = relationship(
        back_populates="draft", order_by="Transition.id", cascade="all, delete-orphan"
    )


class Transition(db.Model):
    """One step of a draft's workflow: who moved it from which state to which, when, and why."""

    __tablename__ = "draft_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20), nullable=True)  # None: the draft was started
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    comment: Mapped[str] = mapped_column(String(500), default="")

    draft: Mapped[Draft] = relationship(back_populates="transitions")


class DraftImage(db.Model):
    """An image uploaded to a draft, already re-encoded; it is written under content/images/ on publication.

    Kept in the database, not on one server's disk: every node serves the preview and may publish.
    """

    __tablename__ = "draft_images"
    __table_args__ = (UniqueConstraint("draft_id", "name", name="uq_draft_images_draft_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))  # <16 hex digits of its SHA-256>.<png|jpg|webp>
    data: Mapped[bytes] = mapped_column(LargeBinary)
    alt: Mapped[str] = mapped_column(String(ALT))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ContentVersion(db.Model):
    """The published content version every process and node serves: one row, bumped on each change."""

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    counter: Mapped[int] = mapped_column(Integer, default=0)
    commit: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the content repository's HEAD
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
