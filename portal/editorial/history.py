"""The published versions of a content file, read from git: list them, read one, restore one as a draft.

Only reads the repository; a restored version becomes a draft that goes through review like any change.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.content.model import SOURCE_LANGUAGE
from portal.editorial import workflow
from portal.editorial.models import Draft
from portal.editorial.paths import check_path
from portal.editorial.publishing import GitFailed
from portal.editorial.workflow import NotAllowed
from portal.roles import ROLES

GIT_TIMEOUT = 30  # seconds; reading the log of one file takes far less
COMMIT = re.compile(r"[0-9a-f]{7,40}\Z")
MINOR = re.compile(r"\bminor\b", re.IGNORECASE)
_RECORD, _FIELD = "\x1e", "\x1f"


class UnknownVersion(LookupError):
    """The commit is not a published version of this file (or is not a commit id at all)."""


@dataclass(frozen=True)
class Version:
    """One published version of a file: the commit, when and by whom, its comment, the file's name then."""

    commit: str
    date: datetime
    author_name: str
    message: str
    path: str  # the file's path under the content root in this commit (it may have been renamed since)

    @property
    def minor(self) -> bool:
        """Tell whether the comment calls the change minor (a typo fix)."""
        return bool(MINOR.search(self.message))

    @property
    def short(self) -> str:
        """The commit's short id, as people quote it."""
        return self.commit[:10]


def may_read_history(user: User, path: str) -> bool:
    """Tell whether `user` may see the versions of `path`: writers and reviewers any, translators theirs."""
    role = ROLES[user.role]
    if role.writes or role.reviews:
        return True
    lang = check_path(path)
    return role.translates and lang != SOURCE_LANGUAGE and lang in user.translation_languages


def versions(root: Path, path: str) -> list[Version]:
    """Return the published versions of `path` under the content `root`, newest first (renames followed)."""
    check_path(path)
    output = _git(
        root,
        "log",
        "--follow",
        "--name-only",
        "--relative",
        f"--format={_RECORD}%H{_FIELD}%aI{_FIELD}%an{_FIELD}%s",
        "--",
        path,  # check_path lets only slugs through: no pathspec magic or glob characters
        strip=False,  # the separators count as whitespace to str.strip
    )
    found = []
    for record in output.split(_RECORD)[1:]:
        header, _, names = record.partition("\n")
        commit, date, author, message = header.split(_FIELD, 3)
        named = [line for line in names.split("\n") if line.strip()]
        found.append(
            Version(commit, datetime.fromisoformat(date), author, message, named[-1] if named else path)
        )
    return found


def version(root: Path, path: str, commit: str) -> Version:
    """Return the version of `path` made by `commit` (a full or short id); raise UnknownVersion if none."""
    commit = (commit or "").strip().lower()
    if not COMMIT.match(commit):
        raise UnknownVersion(str(_l("This is not a version of this item.")))
    for candidate in versions(root, path):
        if candidate.commit.startswith(commit):
            return candidate
    raise UnknownVersion(str(_l("This is not a version of this item.")))


def text_at(root: Path, path: str, commit: str) -> str:
    """Return the text of `path` as `commit` published it; raise UnknownVersion if it is not a version."""
    found = version(root, path, commit)
    return _git(root, "show", f"{found.commit}:./{found.path}", strip=False)


def restore_as_draft(user: User, root: Path, path: str, commit: str) -> Draft:
    """Start a draft of `path` from its published text holding the text of the version `commit`."""
    if not workflow.may_write(user, path):
        raise NotAllowed(str(_l("You may not edit this content.")))
    found = version(root, path, commit)
    old = text_at(root, path, found.commit)
    draft = workflow.start_draft(user, root, path)
    comment = f"Restored from version of {found.date.date().isoformat()}"
    return workflow.save(user, draft, old, comment=comment)


def _git(root: Path, *args: str, strip: bool = True) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=root,
            env=env,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitFailed(f"git {args[0]} failed: {error}") from error
    if result.returncode != 0:
        raise GitFailed(f"git {args[0]} failed: {result.stderr.decode('utf-8', 'replace').strip()[:500]}")
    text = result.stdout.decode("utf-8", "replace")
    return text.strip() if strip else text
