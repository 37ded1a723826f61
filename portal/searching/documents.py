"""The one place where content items become search documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from portal.content.library import Library
from portal.content.model import KINDS, ContentItem
from search import Document


def item_key(item: ContentItem) -> str:
    """Return the search identity shared by all section documents of an item in one language."""
    return f"{item.key}@{item.lang}"


def documents_for(item: ContentItem) -> list[Document]:
    """Return one document per section of a published item; drafts give none."""
    if not item.is_published:
        return []
    return [
        Document(
            id=f"{item_key(item)}#{section.anchor}",
            item_key=item_key(item),
            kind=KINDS[item.kind].search_kind,
            lang=item.lang,
            audience=item.audience,
            title=item.title,
            heading=section.heading,
            body=section.text if section.heading or not item.summary else f"{item.summary} {section.text}",
            url=item.url + (f"#{section.anchor}" if section.anchor else ""),
            articles=item.articles,
            competencies=item.competencies,
        )
        for section in item.sections
    ]


def all_documents(library: Library) -> Iterator[Document]:
    """Yield the documents of every published item."""
    for item in library.items.values():
        yield from documents_for(item)


def documents_by_item(items: Iterable[ContentItem]) -> dict[str, list[Document]]:
    """Group the documents of `items` by item key, for incremental updates."""
    return {item_key(item): documents_for(item) for item in items}
