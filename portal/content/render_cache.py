"""Rendered Markdown remembered between starts, so start-up renders only the files that changed.

Rendering is most of start-up (about 10 ms a page). What `render` returns depends only on the body, its
language, its first line number and the renderer itself, so it is stored as JSON under the SHA-256 of those
in a folder of the instance. A change to the renderer (its source, the phone-link extension's source,
Python-Markdown's or nh3's version) changes every key. A missing, unreadable or unwritable entry just means
rendering afresh: the cache never holds the only copy of anything, and `content check` does not use it.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

from portal.content import images as images_module
from portal.content import phones as phones_module
from portal.content import render as render_module
from portal.content.model import Heading, ImageRef, Link, Section
from portal.content.render import Rendered, render


def _fingerprint() -> str:
    source = b"".join(Path(m.__file__).read_bytes() for m in (render_module, phones_module, images_module))
    return hashlib.sha256(source + f"|{version('Markdown')}|{version('nh3')}".encode()).hexdigest()


class RenderCache:
    """A folder of rendered bodies; `prune` drops the entries the last load did not use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self._fingerprint = _fingerprint()

    def render(self, body: str, lang: str, first_line: int) -> Rendered:
        """Return the cached rendering of `body`, rendering and storing it when there is none."""
        key = hashlib.sha256(f"{self._fingerprint}\0{lang}\0{first_line}\0{body}".encode()).hexdigest()
        self.used.add(key)
        path = self.folder / f"{key}.json"
        try:
            return _from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        rendered = render(body, lang, first_line)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(_to_json(rendered), ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:  # a read-only instance folder: serve without the cache
            pass
        return rendered

    def prune(self) -> None:
        """Remove the entries of files that changed or went away since they were rendered."""
        for path in self.folder.glob("*.json") if self.folder.is_dir() else ():
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def _to_json(rendered: Rendered) -> dict:
    return {
        "html": rendered.html,
        "headings": [[h.level, h.text, h.anchor] for h in rendered.headings],
        "sections": [[s.heading, s.anchor, s.text] for s in rendered.sections],
        "links": [[link.target, link.line] for link in rendered.links],
        "unsafe_lines": list(rendered.unsafe_lines),
        "images": [[image.target, image.alt, image.line] for image in rendered.images],
    }


def _from_json(data: dict) -> Rendered:
    return Rendered(
        html=str(data["html"]),
        headings=tuple(
            Heading(int(level), str(text), str(anchor)) for level, text, anchor in data["headings"]
        ),
        sections=tuple(
            Section(str(heading), str(anchor), str(text)) for heading, anchor, text in data["sections"]
        ),
        links=tuple(Link(str(target), int(line)) for target, line in data["links"]),
        unsafe_lines=tuple(int(line) for line in data["unsafe_lines"]),
        images=tuple(ImageRef(str(target), str(alt), int(line)) for target, alt, line in data["images"]),
    )
