"""The translation desk: each item's state in a language, what changed in its source, recorded hashes."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from portal.content.hashing import text_hash
from portal.content.library import Library, listing_key
from portal.content.model import SOURCE_LANGUAGE, ContentItem
from portal.content.quiz import Quiz
from portal.editorial import queries
from portal.editorial.diffs import DiffRow, side_by_side
from portal.editorial.models import Draft
from portal.editorial.paths import resolve
from portal.extensions import db

STATES = ("up-to-date", "outdated", "missing", "in-translation")
GIT_TIMEOUT = 30  # seconds
HISTORY_LIMIT = 500  # versions of one file searched for the recorded hash
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.S | re.M)
_HASH_LINE = re.compile(r"^source_hash:.*$", re.M)


@dataclass(frozen=True)
class DeskRow:
    """One item on a language's desk: its Romanian source, its translation's path and state."""

    source: ContentItem
    path: str  # the translation's file, e.g. "materials/protection-order.ru.md"
    state: str  # one of STATES
    translation: ContentItem | None
    draft_id: int | None  # the open draft of the translation, if any


@dataclass(frozen=True)
class QuizRow:
    """One module's quiz on a language's desk: the Romanian quiz, its translation's path and state."""

    module: ContentItem  # the Romanian module cover
    source: Quiz
    path: str  # e.g. "trainings/protection-mechanisms/quiz.ru.yml"
    state: str  # one of STATES
    translation: Quiz | None
    cover_translated: bool  # a quiz is translated after its module's cover
    draft_id: int | None


def quiz_path(module_key: str, lang: str) -> str:
    """Return the path of a module's quiz in `lang`."""
    return f"{module_key}/quiz.{lang}.yml"


def quiz_desk(library: Library, target: str, drafts: dict[str, int]) -> list[QuizRow]:
    """Return every Romanian quiz with the state of its `target` translation, in the modules' order."""
    rows = []
    for (module_key, lang), source in library.quizzes.items():
        module = library.get(module_key, SOURCE_LANGUAGE)
        if lang != SOURCE_LANGUAGE or module is None:
            continue
        path = quiz_path(module_key, target)
        translation = library.quiz(module_key, target)
        draft_id = drafts.get(path)
        if draft_id is not None:
            state = "in-translation"
        elif translation is None:
            state = "missing"
        else:
            state = "outdated" if translation.source_hash != source.body_hash else "up-to-date"
        covered = library.get(module_key, target) is not None
        rows.append(QuizRow(module, source, path, state, translation, covered, draft_id))
    return sorted(rows, key=lambda row: listing_key(row.module, SOURCE_LANGUAGE))


def translation_path(source_path: str, target: str) -> str:
    """Return the path of the `target` translation of a Romanian file: x.ro.md -> x.<target>.md."""
    stem = source_path.removesuffix(f".{SOURCE_LANGUAGE}.md")
    return f"{stem}.{target}.md"


def open_drafts(target: str) -> dict[str, int]:
    """Return the newest open (being written or waiting for review) draft id of each `target` path."""
    rows = db.session.execute(
        select(Draft.path, Draft.id)
        .where(Draft.lang == target, Draft.state.in_(queries.OPEN))
        .order_by(Draft.id)
    )
    return {path: draft_id for path, draft_id in rows}


def state_of(source: ContentItem, translation: ContentItem | None, in_translation: bool) -> str:
    """Name the state of a translation: in translation (open draft), missing, outdated or up to date."""
    if in_translation:
        return "in-translation"
    if translation is None:
        return "missing"
    if translation.source_hash != source.body_hash:
        return "outdated"
    return "up-to-date"


def desk(library: Library, target: str, drafts: dict[str, int]) -> list[DeskRow]:
    """Return every Romanian item with the state of its `target` translation, in listing order."""
    sources = [i for (_, lang), i in library.items.items() if lang == SOURCE_LANGUAGE]
    rows = []
    for source in sorted(sources, key=lambda i: (i.key.split("/")[0], listing_key(i, SOURCE_LANGUAGE))):
        path = translation_path(source.path, target)
        translation = library.get(source.key, target)
        draft_id = drafts.get(path)
        rows.append(
            DeskRow(source, path, state_of(source, translation, draft_id is not None), translation, draft_id)
        )
    return rows


def with_source_hash(text: str, source_hash: str) -> str:
    """Return a file's text with `source_hash` recorded in its front matter (added, or replaced)."""
    line = f"source_hash: {source_hash}"
    match = _FRONT.match(text)
    if match is None:
        return f"---\n{line}\n---\n\n{text.lstrip()}"
    front = match.group(1)
    if _HASH_LINE.search(front):
        front = _HASH_LINE.sub(line, front, count=1)
    else:
        front = f"{front}{'' if front.endswith(chr(10)) or not front else chr(10)}{line}\n"
    return f"---\n{front}---\n{text[match.end() :]}"


def recorded_hash(text: str) -> str | None:
    """Return the source_hash a file's front matter records, if any."""
    match = _FRONT.match(text)
    found = (
        re.search(r"^source_hash:[ \t]*['\"]?([0-9a-f]+)['\"]?[ \t]*$", match.group(1), re.M)
        if match
        else None
    )
    return found.group(1) if found else None


def published_text(root: Path, path: str) -> str | None:
    """Return the published text of a content file, or None if there is none."""
    target = resolve(root, path)
    return target.read_bytes().decode("utf-8") if target.is_file() else None


def version_with_hash(root: Path, path: str, source_hash: str) -> tuple[str | None, datetime | None]:
    """Find the newest committed version of `path` whose body hashes to `source_hash`.

    Return its text (None if no version matches or `root` is not a git repository) and when the next
    version, the one that changed it, was committed (None if unknown).
    """
    log = _git(root, "log", f"-n{HISTORY_LIMIT}", "--format=%H %cI", "--", f":(literal){path}")
    newer: datetime | None = None
    for line in (log or "").splitlines():
        commit, _, when = line.partition(" ")
        shown = _git(root, "show", f"{commit}:{path}")
        if shown is not None and text_hash(shown, markdown=True) == source_hash:
            return shown, newer
        newer = _parse_time(when)
    return None, None


def source_diff(root: Path, source_path: str, source_hash: str | None) -> list[DiffRow] | None:
    """Diff the Romanian body a translation was made from with today's; None if that version is unknown."""
    if not source_hash:
        return None
    current = published_text(root, source_path)
    old, _ = version_with_hash(root, source_path, source_hash)
    if old is None or current is None:
        return None
    return side_by_side(_body(old), _body(current))


@lru_cache(maxsize=1024)
def source_changed_on(root: Path, source_path: str, source_hash: str, current_hash: str) -> date | None:
    """Return the date the Romanian file changed from the version `source_hash` names (git, else mtime).

    `current_hash` is part of the cache's key only: once the source changes again the date is looked up anew.
    """
    _, changed = version_with_hash(root, source_path, source_hash)
    if changed is None:
        changed = _last_commit(root, source_path)
    if changed is None:
        try:
            changed = datetime.fromtimestamp(resolve(root, source_path).stat().st_mtime, UTC)
        except (OSError, ValueError):
            return None
    return changed.date()


def outdated_since(library: Library, item: ContentItem, root: Path) -> tuple[ContentItem, date | None] | None:
    """For an outdated translation, return its Romanian source and the date the source changed; else None."""
    if item.lang == SOURCE_LANGUAGE or item.source_hash is None:
        return None
    source = library.get(item.key, SOURCE_LANGUAGE)
    if source is None or source.body_hash == item.source_hash:
        return None
    return source, source_changed_on(root, source.path, item.source_hash, source.body_hash)


def minor_updates(
    root: Path, source_path: str, old_text: str | None, new_text: str
) -> list[tuple[str, str, str]]:
    """Return (path, new text, current text) of the translations a minor edit of `source_path` keeps current.

    A translation made from the old Romanian body gets the new body's hash; the others are left alone.
    """
    if old_text is None or not source_path.endswith(f".{SOURCE_LANGUAGE}.md"):
        return []
    old_hash, new_hash = text_hash(old_text, markdown=True), text_hash(new_text, markdown=True)
    if old_hash == new_hash:
        return []
    stem = source_path.removesuffix(f".{SOURCE_LANGUAGE}.md")
    updates = []
    folder = resolve(root, source_path).parent
    for candidate in sorted(folder.glob(f"{Path(stem).name}.*.md")):
        path = str(candidate.relative_to(root).as_posix())
        if path == source_path:
            continue
        text = candidate.read_bytes().decode("utf-8")
        if recorded_hash(text) == old_hash:
            updates.append((path, with_source_hash(text, new_hash), text))
    return updates


def _body(text: str) -> str:
    match = _FRONT.match(text)
    return (text[match.end() :] if match else text).strip("\n")


def _last_commit(root: Path, path: str) -> datetime | None:
    when = _git(root, "log", "-1", "--format=%cI", "--", f":(literal){path}")
    return _parse_time(when) if when else None


def _parse_time(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _git(root: Path, *args: str) -> str | None:
    """Run a read-only git command in `root`; None if it fails (not a repository, no such version)."""
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "replace")
