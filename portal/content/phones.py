"""Phone numbers written in content become tap-to-call links, dialled in their international form."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

COUNTRY_CODE = "373"  # the Republic of Moldova
# A number as people write it in Moldova: +373 22 24 06 24, 022 254 998, (22) 254 998, 0 8008 8008,
# 078 517 327, or a short national line (112, 116 111). Not a piece of a longer number, date, law or hash.
PHONE = re.compile(
    r"(?<![\w+/.,:=-])(?<!art\. )(?<!nr\. )(?<!ст\. )(?<!№ )"
    r"(?:\+373(?:[ -]?\d){8}"
    r"|\(0?\d{2,4}\)[ ]?\d(?:[ -]?\d){3,6}"
    r"|0(?:[ -]?\d){8}"
    r"|116[ ]?\d{3}"
    r"|112)"
    r"(?![\w/]|[.,-]\d|[ ]\d)",
    re.IGNORECASE,
)
_SKIP = {"a", "code", "pre"}  # links already, or text meant literally


def tel_uri(number: str) -> str | None:
    """Return the `tel:` address of a number as written (international form), or None if it is not one."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        international = digits
    elif re.fullmatch(r"1\d\d|116\d{3}", digits):
        return f"tel:{digits}"  # short national lines are dialled as they are
    elif len(digits) == 9 and digits.startswith("0"):
        international = COUNTRY_CODE + digits[1:]
    elif len(digits) == 8:
        international = COUNTRY_CODE + digits  # "(22) 254 998": the area code without its 0
    else:
        return None
    if not international.startswith(COUNTRY_CODE) or len(international) != len(COUNTRY_CODE) + 8:
        return None
    return f"tel:+{international}"


def link_phones(text: str) -> str:
    """Return plain `text` as HTML, escaped, with its phone numbers as tap-to-call links."""

    def link(match: re.Match) -> str:
        href = tel_uri(match.group(0))
        return f'<a class="phone" href="{href}">{match.group(0)}</a>' if href else match.group(0)

    return PHONE.sub(link, html.escape(text, quote=False))


class _PhoneLinks(Treeprocessor):
    """Wrap every phone number in text (outside links and code) in `<a href="tel:...">`."""

    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in _SKIP:
            return
        if element.text:
            pieces = self._split(element.text)
            if pieces:
                element.text = pieces[0]
                for index, link in enumerate(pieces[1:]):
                    element.insert(index, link)
        for child in list(element):
            self._walk(child)
            if child.tail:
                pieces = self._split(child.tail)
                if pieces:
                    child.tail = pieces[0]
                    position = list(element).index(child)
                    for offset, link in enumerate(pieces[1:], start=1):
                        element.insert(position + offset, link)

    @staticmethod
    def _split(text: str) -> list | None:
        """Return [text before the first number, link, link, ...] (each link's tail the text after it)."""
        matches = [m for m in PHONE.finditer(text) if tel_uri(m.group(0))]
        if not matches:
            return None
        head = text[: matches[0].start()]
        links = []
        for match, following in zip(matches, [*matches[1:], None], strict=True):
            link = etree.Element("a", {"href": tel_uri(match.group(0)), "class": "phone"})
            link.text = match.group(0)
            link.tail = text[match.end() : following.start() if following else len(text)]
            links.append(link)
        return [head, *links]


class PhoneExtension(Extension):
    """Python-Markdown extension: tap-to-call links for the phone numbers in a page."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the inline patterns (20), so that numbers in **bold** are found too; before the toc (5).
        md.treeprocessors.register(_PhoneLinks(md), "phone_links", 15)
