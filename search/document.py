"""The document type the search index holds: one section of one content item in one language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """A section of a content item, ready to index."""

    id: str  # unique, e.g. "materials/protection-order@ro#how-to-apply"
    item_key: str  # shared by all sections of an item in one language, e.g. "materials/protection-order@ro"
    kind: str  # guide | training | material
    lang: str  # ro | ru | uk | en
    audience: str  # public | specialist | psychologist
    title: str
    heading: str
    body: str
    url: str
    articles: tuple[int, ...] = ()
    competencies: tuple[str, ...] = ()
