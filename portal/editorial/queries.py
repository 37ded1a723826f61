"""Finding drafts: a user's open draft of a file, and the change of a file waiting for review."""

from __future__ import annotations

from sqlalchemy import select

from portal.editorial.models import Draft
from portal.extensions import db


def open_draft(path: str, user_id: int) -> Draft | None:
    """Return the draft of `path` that this user is writing, if any (the newest)."""
    query = select(Draft).where(Draft.path == path, Draft.author_id == user_id, Draft.state == "draft")
    return db.session.scalars(query.order_by(Draft.id.desc())).first()


def pending_draft(path: str) -> Draft | None:
    """Return the newest change of `path` waiting for review, if any."""
    query = select(Draft).where(Draft.path == path, Draft.state == "pending")
    return db.session.scalars(query.order_by(Draft.id.desc())).first()
