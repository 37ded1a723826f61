"""Images in content: `content/images/<name>`, shown by Markdown as `![alt text](images/<name>)`.

A name is the first 16 hex digits of the SHA-256 of the image's bytes and its format's extension, as the
editor's upload gives it: the same image is stored once, and a name never changes meaning. The portal
serves them at `/images/<name>`; nothing is ever loaded from another site.
"""

from __future__ import annotations

import re
from pathlib import Path

from portal.content.files import is_outside
from portal.content.model import ContentItem, ImageRef, Problem

FOLDER = "images"
NAME = re.compile(r"[0-9a-f]{16}\.(?:png|jpg|webp)\Z")
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
SERVED_PREFIX = "/images/"  # where the portal serves them; the only image address the sanitizer keeps

# ![alt](target "optional title"): the alt text and the target, on one line.
MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")


def local_name(target: str) -> str | None:
    """Return the file name of an `images/<name>` target written in Markdown, or None for anything else."""
    prefix = f"{FOLDER}/"
    if target.startswith(prefix) and NAME.match(target[len(prefix) :]):
        return target[len(prefix) :]
    return None


def served_name(src: str) -> str | None:
    """Return the file name of an image address the portal serves (`/images/<name>`), or None."""
    if src.startswith(SERVED_PREFIX) and NAME.match(src[len(SERVED_PREFIX) :]):
        return src[len(SERVED_PREFIX) :]
    return None


def find_images(body: str, first_line: int) -> list[ImageRef]:
    """Return the images a Markdown body shows, with their alt text and line numbers."""
    return [
        ImageRef(target=match[2], alt=match[1], line=first_line + offset)
        for offset, line in enumerate(body.splitlines())
        for match in MARKDOWN_IMAGE.finditer(line)
    ]


def without_images(line: str) -> str:
    """Return a Markdown line with its images taken out (so that they are not read as links)."""
    return MARKDOWN_IMAGE.sub("", line)


def load_images(root: Path) -> tuple[frozenset[str], list[Problem]]:
    """Return the names of the images in `content/images/`, and the files there that are not images."""
    folder = root / FOLDER
    names, problems = set(), []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        shown = f"{FOLDER}/{path.name.encode('utf-8', 'backslashreplace').decode('utf-8')}"
        if path.name.startswith("."):
            continue
        if is_outside(path, root) or not path.is_file() or path.is_symlink():
            problems.append(Problem(shown, 1, "not an image file: images/ holds only uploaded images"))
        elif not NAME.match(path.name):
            problems.append(
                Problem(shown, 1, "unexpected file in images/ (only <16 hex digits>.png, .jpg or .webp)")
            )
        else:
            names.add(path.name)
    return frozenset(names), problems


def image_problems(items: dict[tuple[str, str], ContentItem], names: frozenset[str]) -> list[Problem]:
    """Return the images the pages show that are not ours, have no alt text, or are not in images/."""
    problems = []
    for item in items.values():
        for image in item.images:
            name = local_name(image.target)
            if name is None:
                problems.append(
                    Problem(
                        item.path,
                        image.line,
                        f"images must be images/<name>, uploaded in the editor: {image.target}",
                    )
                )
                continue
            if not image.alt.strip():
                problems.append(Problem(item.path, image.line, f"image without alt text: {image.target}"))
            if name not in names:
                problems.append(Problem(item.path, image.line, f"missing image: {image.target}"))
    return problems
