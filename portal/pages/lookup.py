"""What item views share: finding an item the visitor may read, or the right error page."""

from __future__ import annotations

from flask import abort, g, make_response, render_template
from flask_login import current_user

from portal.access import can_read, readable_audiences
from portal.content.model import LANGUAGES, SOURCE_LANGUAGE, ContentItem
from portal.web.content_loader import library


def readable_item(key: str) -> ContentItem:
    """Return the item in the request's language, or stop with 401, 404 or the missing-translation page."""
    versions = [v for lang in LANGUAGES if (v := library().get(key, lang))]
    readable = [v for v in versions if can_read(current_user, v)]
    item = library().get(key, g.lang)
    if item in readable:
        return item
    if item is None and readable:
        abort(make_response(render_template("missing_translation.html", items=readable, key=key), 404))
    allowed = readable_audiences(current_user)
    if not current_user.is_authenticated and any(
        v.is_published and v.audience not in allowed for v in versions
    ):
        abort(401)
    abort(404)


def parent_of(item: ContentItem) -> ContentItem | None:
    """Return the guide or module a section or lesson belongs to."""
    if item.kind not in ("section", "lesson"):
        return None
    return library().get(item.parent_key, item.lang)


def neighbours(item: ContentItem) -> tuple[ContentItem | None, ContentItem | None]:
    """Return the previous and next section or lesson of the same guide or module."""
    siblings = [s for s in library().children(item.parent_key, item.lang) if s.is_published]
    if item not in siblings:
        return None, None
    index = siblings.index(item)
    return (
        siblings[index - 1] if index > 0 else None,
        siblings[index + 1] if index + 1 < len(siblings) else None,
    )


def visible(items: list[ContentItem]) -> list[ContentItem]:
    """Keep the items the current visitor may read."""
    return [i for i in items if can_read(current_user, i)]


def readable_versions(kind: str, lang: str) -> list[tuple[ContentItem, list[ContentItem]]]:
    """Return every item of a kind the visitor may read in some language: the version to show (in `lang`
    where it may be read, else the source language's or the first), with all the readable versions."""
    found = []
    for source in library().of_kind(kind, SOURCE_LANGUAGE):
        versions = [
            v for code in LANGUAGES if (v := library().get(source.key, code)) and can_read(current_user, v)
        ]
        if not versions:
            continue
        by_lang = {v.lang: v for v in versions}
        found.append((by_lang.get(lang) or by_lang.get(SOURCE_LANGUAGE) or versions[0], versions))
    return found
