"""Hypothesis properties: the sanitizer never lets script through; the path resolver stays in its areas."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.content.parse import locate
from portal.content.render import render, sanitize

BAD_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "form",
    "input",
    "base",
    "meta",
    "link",
}


class ActiveContent(HTMLParser):
    """Collect every tag or attribute in parsed HTML that could run code or load from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BAD_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            scheme = (value or "").strip().lower().split(":", 1)[0] if ":" in (value or "") else ""
            if name.startswith("on") or name == "style" or scheme not in ("", "http", "https", "mailto"):
                self.found.append(f"{tag}[{name}={value}]")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


html_fragments = st.lists(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            '<a href="javascript:alert(1)">x</a>',
            "<iframe src=//evil>",
            "<style>*{}</style>",
            '<a href="JaVaScRiPt:alert(1)">y</a>',
            "<svg onload=alert(1)>",
            '<a href="vbscript:x">z</a>',
            '<object data="x"></object>',
            "<p>",
            "</p>",
            "text",
            "**bold**",
            "[l](/x)",
            '<a href="data:text/html,<script>">d</a>',
            "<<script>script>",
            "<scr<script>ipt>",
            "\n\n",
            "## H",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(html_fragments)
def test_rendered_markdown_never_carries_active_content(body):
    assert active_content(render(body, "ro").html) == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_sanitize_output_is_stable(text):
    once = sanitize(text)
    assert active_content(once) == []
    assert sanitize(once) == once


segments = st.sampled_from(
    [
        "materials",
        "guides",
        "trainings",
        "..",
        ".",
        "",
        "a",
        "x-y",
        "index",
        "%2e%2e",
        "etc",
        "passwd",
        "a.ro.md",
        "b.ru.md",
        "..%2f",
        "c.fr.md",
        "d.md",
        "~",
        "/",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(segments, min_size=1, max_size=6))
def test_locate_only_resolves_into_content_areas(parts):
    path = PurePosixPath(*parts)
    try:
        kind, key, lang = locate(path)
    except ValueError:
        return
    assert ".." not in key.split("/") and "." not in key.split("/")
    assert key.split("/")[0] in ("materials", "guides", "trainings")
    assert lang in ("ro", "ru", "uk", "en")
    assert kind in ("material", "guide", "section", "module", "lesson")
