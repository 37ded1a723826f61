"""Who may read what: the audiences each kind of visitor may see."""

from __future__ import annotations

from typing import Any

from portal.content.model import ContentItem

PUBLIC = frozenset({"public"})


def readable_audiences(user: Any) -> frozenset[str]:
    """Return the audiences a user (or an anonymous visitor) may read."""
    if not getattr(user, "is_authenticated", False):
        return PUBLIC
    return frozenset(getattr(user, "readable_audiences", PUBLIC))


def can_read(user: Any, item: ContentItem) -> bool:
    """Tell whether `user` may read `item` (drafts are for editors only)."""
    if not item.is_published and not getattr(user, "can_preview_drafts", False):
        return False
    return item.audience in readable_audiences(user)
