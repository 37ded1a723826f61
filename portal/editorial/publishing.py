"""Publishing a text to the content: write the file, check the whole library, commit it; one writer at a time.

This is the only place the portal writes under `content/`. Everything happens under one lock per
repository, and whatever fails (a conflict, a new content-check error, git, or the caller's own step)
leaves the file and the repository as they were.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

from portal.content.library import load_library
from portal.editorial.paths import resolve, resolve_image

LOCK_NAME = "portal-publish.lock"
GIT_TIMEOUT = 60  # seconds; a commit of one file takes far less


@dataclass(frozen=True)
class Person:
    """Someone git records: the author of a change or the reviewer who commits it."""

    name: str
    email: str


class Refused(Exception):
    """The change would break the content: `problems` holds the `content check` messages it would add."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__(str(_l("The change was not published: it would add problems to the content.")))
        self.problems = problems


class Conflict(Exception):
    """The published file changed since the draft was started: both texts, nothing overwritten."""

    def __init__(self, published: str | None, draft: str, base: str | None) -> None:
        super().__init__(str(_l("The published version changed since this draft was started.")))
        self.published = published  # what is on disk now (None: the file was removed)
        self.draft = draft  # what the draft would publish
        self.base = base  # what the draft was started from


class GitFailed(RuntimeError):
    """The git command refused; the file was restored."""


def publish_file(
    root: Path,
    path: str,
    text: str,
    base_text: str | None,
    *,
    author: Person,
    committer: Person,
    message: str,
    then: Callable[[str], None] | None = None,
    also: Sequence[tuple[str, str, str | None]] = (),
    files: Sequence[tuple[str, bytes]] = (),
) -> str:
    """Write `text` to `path` under `root`, check the library and commit it; return the commit's hash.

    `base_text` is the published text the change was made from (None for a new file). `also` holds more
    (path, text, base_text) changes that go into the same commit, all or none. `files` holds binary files
    (images/<name>, content-addressed) added in the same commit; one already there with the same bytes is
    left as it is. `then` runs with the commit's hash before the lock is released (the caller's database
    commit); if it raises, the commit is undone and every file restored.
    """
    changes = [(path, text, base_text), *also]
    targets = [resolve(root, change_path) for change_path, _, _ in changes]
    paths = [change_path for change_path, _, _ in changes]
    binaries = [(resolve_image(root, file_path), file_path, data) for file_path, data in files]
    with publishing_lock(root):
        currents = [_read(target) for target in targets]
        if currents[0] != base_text:
            raise Conflict(currents[0], text, base_text)
        for current, (_, other_text, other_base) in zip(currents[1:], also, strict=True):
            if current != other_base:
                raise Conflict(current, other_text, other_base)
        if currents[0] == text:
            raise Refused((str(_l("The draft changes nothing in the published version.")),))
        writes: list[tuple[Path, bytes | None, bytes]] = [
            (target, None if current is None else current.encode("utf-8"), new_text.encode("utf-8"))
            for target, current, (_, new_text, _) in zip(targets, currents, changes, strict=True)
        ]
        for target, file_path, data in binaries:
            current_bytes = target.read_bytes() if target.is_file() else None
            if current_bytes == data:
                continue  # the same image, published before: content-addressed, nothing to write
            if current_bytes is not None:
                raise Refused((str(_l("Another image of the content already has this name.")),))
            writes.append((target, None, data))
            paths.append(file_path)
        before = {str(p) for p in load_library(root).errors}
        written: list[tuple[Path, bytes | None, list[Path]]] = []
        try:
            for target, current, data in writes:
                written.append((target, current, []))
                written[-1] = (target, current, _write(target, data))
            after = load_library(root)
            added = sorted({str(p) for p in after.errors} - before)
            own = sorted(str(p) for p in after.errors if p.path in paths)
            if len(after.errors) > len(before) or own:
                raise Refused(tuple(dict.fromkeys(own + added)))
            head = _head(root)
            commit = _commit(root, paths, author, committer, message)
            try:
                if then is not None:
                    then(commit)
            except BaseException:
                _undo_commit(root, head, paths)
                raise
        except BaseException:
            for target, current, created in reversed(written):
                _restore(target, current, created)
            raise
    return commit


@contextmanager
def publishing_lock(root: Path) -> Iterator[None]:
    """Hold the repository's publishing lock: every process on this machine waits its turn."""
    lock_path = Path(_git(root, "rev-parse", "--absolute-git-dir")) / LOCK_NAME
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def head(root: Path) -> str | None:
    """Return the commit the content repository is at, or None when it has none (or is no repository)."""
    return _head(root)


def pull(root: Path, remote: str) -> None:
    """Fetch the current branch from `remote` and fast-forward to it (call it under `publishing_lock`)."""
    branch = _branch(root)
    _git(root, "fetch", "-q", remote, branch)
    _git(root, "merge", "--ff-only", "-q", "FETCH_HEAD")


def push(root: Path, remote: str) -> None:
    """Push HEAD to `remote`; when another node pushed first, replay our commits on theirs and push again.

    Call it under `publishing_lock`. A change of theirs that conflicts with ours leaves the clone as it was.
    """
    branch = _branch(root)
    refspec = f"HEAD:refs/heads/{branch}"
    if _run(root, "push", "-q", remote, refspec, check=False).returncode == 0:
        return
    _git(root, "fetch", "-q", remote, branch)
    if _run(root, "-c", "commit.gpgsign=false", "rebase", "-q", "FETCH_HEAD", check=False).returncode:
        _run(root, "rebase", "--abort", check=False)
        raise GitFailed("git push failed: the remote has a conflicting change")
    _git(root, "push", "-q", remote, refspec)


def changes(root: Path, before: str, after: str) -> list[str]:
    """Return the commits between two versions (hash, subject) and the files they touched (status, path)."""
    commits = _git(root, "log", "--format=%h %s", f"{before}..{after}").splitlines()
    return commits + _git(root, "diff", "--name-status", before, after).splitlines()


def _branch(root: Path) -> str:
    return _git(root, "symbolic-ref", "--short", "HEAD")


def _read(target: Path) -> str | None:
    return target.read_bytes().decode("utf-8") if target.is_file() else None


def _write(target: Path, data: bytes) -> list[Path]:
    """Write the file, creating its folders; return the folders created, deepest first."""
    created = []
    folder = target.parent
    while not folder.exists():
        created.append(folder)
        folder = folder.parent
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return created


def _restore(target: Path, old: bytes | None, created: list[Path]) -> None:
    if old is None:
        target.unlink(missing_ok=True)
        for folder in created:
            folder.rmdir()
    else:
        target.write_bytes(old)


def _head(root: Path) -> str | None:
    result = _run(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    return result.stdout.strip() or None


def _commit(root: Path, paths: list[str], author: Person, committer: Person, message: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": author.name,
        "GIT_AUTHOR_EMAIL": author.email,
        "GIT_COMMITTER_NAME": committer.name,
        "GIT_COMMITTER_EMAIL": committer.email,
    }
    pathspecs = [f":(literal){path}" for path in paths]
    _git(root, "add", "--", *pathspecs)
    # `commit -- <paths>` records only these files, whatever else a developer left staged.
    _git(
        root,
        "-c",
        "commit.gpgsign=false",
        "commit",
        "--no-verify",
        "-q",
        "-m",
        message,
        "--",
        *pathspecs,
        env=env,
    )
    return _git(root, "rev-parse", "HEAD")


def _undo_commit(root: Path, head: str | None, paths: list[str]) -> None:
    """Take back the commit just made (the lock is still held, so it is the last one)."""
    pathspecs = [f":(literal){path}" for path in paths]
    if head is None:
        _git(root, "update-ref", "-d", "HEAD")
        _git(root, "rm", "-q", "--cached", "--ignore-unmatch", "--", *pathspecs)
    else:
        _git(root, "reset", "-q", "--soft", head)
        _git(root, "reset", "-q", head, "--", *pathspecs)


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return _run(root, *args, env=env).stdout.strip()


def _run(root: Path, *args: str, env: dict[str, str] | None = None, check: bool = True):
    full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})}
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT,
        check=False,
    )
    if check and result.returncode != 0:
        raise GitFailed(f"git {args[0]} failed: {result.stderr.strip()[:500]}")
    return result
