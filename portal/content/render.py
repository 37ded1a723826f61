"""Markdown to sanitized HTML, with the headings and sections the rest of the portal needs."""

from __future__ import annotations

import html as html_lib
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from portal.content.images import SERVED_PREFIX, find_images, local_name, served_name, without_images
from portal.content.model import Heading, ImageRef, Link, Section
from portal.content.phones import PhoneExtension

EXTENSIONS = ["tables", "footnotes", "admonition", "attr_list", "toc"]

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
_RAW_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)")
_ACTIVE = re.compile(r"<[^>]*\son[a-z]+\s*=|<[^>]*\sstyle\s*=|(?:java|vb)script:|data:text/html", re.I)
_H2 = re.compile(r'<h2 id="([^"]*)">(.*?)</h2>', re.S)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Rendered:
    """What rendering a Markdown body gives."""

    html: str
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    links: tuple[Link, ...]
    unsafe_lines: tuple[int, ...]
    images: tuple[ImageRef, ...] = ()


class _LanguageLinks(Treeprocessor):
    """Prefix language-free internal links (`/materials/x`) with the reader's language."""

    def __init__(self, md: markdown.Markdown, lang: str) -> None:
        super().__init__(md)
        self.lang = lang

    def run(self, root: etree.Element) -> None:
        for anchor in root.iter("a"):
            href = anchor.get("href", "")
            if href.startswith("/") and not href.startswith("//"):
                anchor.set("href", f"/{self.lang}{href}")


class _LocalImages(Treeprocessor):
    """Point `images/<name>` at the portal's image route; any other image address is dropped by sanitize."""

    def run(self, root: etree.Element) -> None:
        for image in root.iter("img"):
            name = local_name(image.get("src", ""))
            if name is not None:
                image.set("src", f"{SERVED_PREFIX}{name}")


def render(body: str, lang: str, first_line: int = 1) -> Rendered:
    """Render a Markdown body written in `lang`; `first_line` is the body's line number in its file."""
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, PhoneExtension()],
        extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"}},
        output_format="html",
    )
    md.treeprocessors.register(_LanguageLinks(md, lang), "language_links", 0)
    md.treeprocessors.register(_LocalImages(md), "local_images", 0)
    clean = sanitize(md.convert(body))
    return Rendered(
        html=clean,
        headings=tuple(_flatten(md.toc_tokens)),
        sections=split_sections(clean),
        links=tuple(find_links(body, first_line)),
        unsafe_lines=tuple(_unsafe_lines(body, first_line)),
        images=tuple(find_images(body, first_line)),
    )


def sanitize(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_local_images_only,
    )


def _local_images_only(tag: str, name: str, value: str) -> str | None:
    """Keep an image's address only when it is one of the portal's own images: nothing from elsewhere."""
    if tag == "img" and name == "src":
        return value if served_name(value) else None
    return value


def plain_text(html: str) -> str:
    """Return the visible text of an HTML fragment, white space folded."""
    return _SPACE.sub(" ", html_lib.unescape(nh3.clean(html, tags=set()))).strip()


def split_sections(html: str) -> tuple[Section, ...]:
    """Split sanitized HTML at its `h2` headings."""
    parts = _H2.split(html)
    sections = [Section(heading="", anchor="", text=plain_text(parts[0]))]
    for anchor, heading, fragment in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
        sections.append(Section(heading=plain_text(heading), anchor=anchor, text=plain_text(fragment)))
    return tuple(s for s in sections if s.text or s.heading)


def find_links(body: str, first_line: int) -> list[Link]:
    """Return the internal links a Markdown body writes, with their line numbers."""
    links = []
    for offset, line in enumerate(body.splitlines()):
        for match in _LINK.finditer(without_images(line)):
            target = match.group(1)
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("#"):
                links.append(Link(target=target, line=first_line + offset))
    return links


def _unsafe_lines(body: str, first_line: int) -> list[int]:
    lines = []
    for offset, line in enumerate(body.splitlines()):
        tags = {tag.lower() for tag in _RAW_TAG.findall(line)}
        if tags - ALLOWED_TAGS or _ACTIVE.search(line):
            lines.append(first_line + offset)
    return lines


def _flatten(tokens: list[dict]) -> list[Heading]:
    headings = []
    for token in tokens:
        headings.append(
            Heading(level=token["level"], text=html_lib.unescape(token["name"]), anchor=token["id"])
        )
        headings.extend(_flatten(token.get("children", [])))
    return headings
