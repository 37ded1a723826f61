"""Which content files the editorial workspace may write: checked before any path reaches the disk."""

from __future__ import annotations

import re
from pathlib import Path

from flask_babel import lazy_gettext as _l

from portal.content.images import FOLDER as IMAGES
from portal.content.images import NAME as IMAGE_NAME
from portal.content.model import LANGUAGES, SOURCE_LANGUAGE

AREAS = ("guides", "trainings", "materials")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
FILE_NAME = re.compile(r"(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md\Z")
QUIZ_NAME = re.compile(r"quiz\.(?P<lang>[a-z]{2})\.yml\Z")  # trainings/<module>/quiz.<lang>.yml
MAX_LENGTH = 300
# Data files edited through a form of their own, in every language at once.
DATA_FILES = ("hotlines.yml", "services.yml", "agencies.yml", "competencies.yml")


class UnsafePath(ValueError):
    """A path the workspace refuses to write: outside the content areas, or not a content file's name."""


def check_path(path: str) -> str:
    """Return the language of `path` if it names a content file (Markdown, or a module's quiz); else raise.

    Only `<area>/<slug>/.../<slug>.<lang>.md`, `trainings/<module>/quiz.<lang>.yml` and the DATA_FILES
    (whose language is the source language: only writers edit them) pass, each part
    matched whole, so nothing is decoded and no `..`, absolute path, backslash or drive letter gets through.
    """
    if not isinstance(path, str) or not path or len(path) > MAX_LENGTH:
        raise UnsafePath(str(_l("Give the path of a content file.")))
    if path in DATA_FILES:
        return SOURCE_LANGUAGE
    parts = path.split("/")
    if len(parts) < 2 or parts[0] not in AREAS:
        raise UnsafePath(str(_l("Only files under guides/, trainings/ or materials/ can be edited.")))
    *folders, name = parts[1:]
    if any(not SLUG.match(folder) for folder in folders):
        raise UnsafePath(str(_l("Folder names may hold only lowercase letters, digits and hyphens.")))
    match = FILE_NAME.match(name)
    if not match and parts[0] == "trainings" and len(folders) == 1:
        match = QUIZ_NAME.match(name)
    if not match or match["lang"] not in LANGUAGES:
        raise UnsafePath(
            str(_l("The file name must be a slug and a language of the portal, such as help-lines.ro.md."))
        )
    return match["lang"]


def resolve(root: Path, path: str) -> Path:
    """Return the file of a checked `path` under the content `root`; raise UnsafePath if a link leads out."""
    check_path(path)
    base = root.resolve()
    target = (base / path).resolve()
    if not target.is_relative_to(base) or target != base.joinpath(*path.split("/")):
        raise UnsafePath(str(_l("This path leads outside the content.")))
    return target


def check_image_path(path: str) -> str:
    """Return the file name of `path` if it names an image of the content (`images/<name>`); else raise."""
    folder, _, name = path.partition("/") if isinstance(path, str) else ("", "", "")
    if folder != IMAGES or not IMAGE_NAME.match(name):
        raise UnsafePath(str(_l("An image must be images/<name>, as the upload names it.")))
    return name


def resolve_image(root: Path, path: str) -> Path:
    """Return the file of a checked image `path` under the content `root` (UnsafePath if a link leads out)."""
    check_image_path(path)
    base = root.resolve()
    target = (base / path).resolve()
    if not target.is_relative_to(base) or target != base.joinpath(*path.split("/")):
        raise UnsafePath(str(_l("This path leads outside the content.")))
    return target


def published_text(root: Path, path: str) -> str | None:
    """Return the text of the content file `path` as published now (None when there is none)."""
    target = resolve(root, path)
    return target.read_bytes().decode("utf-8") if target.is_file() else None
