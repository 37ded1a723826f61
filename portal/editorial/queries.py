"""Finding drafts: a user's open draft of a file, and the change of a file waiting for review."""

from __future__ import annotations

from sqlalchemy import select

from portal.editorial.models import Draft
from portal.extensions import db

OPEN = ("draft", "pending")  # being written, or waiting for review


def open_draft(path: str, user_id: int | None = None, states: tuple[str, ...] = ("draft",)) -> Draft | None:
    """The newest draft of `path` in one of `states` (default: being written), by one author if given."""
    query = select(Draft).where(Draft.path == path, Draft.state.in_(states))
    if user_id is not None:
        query = query.where(Draft.author_id == user_id)
    return db.session.scalars(query.order_by(Draft.id.desc()).limit(1)).first()


def pending_draft(path: str) -> Draft | None:
    """Return the newest change of `path` waiting for review, if any."""
    query = select(Draft).where(Draft.path == path, Draft.state == "pending")
    return db.session.scalars(query.order_by(Draft.id.desc())).first()
