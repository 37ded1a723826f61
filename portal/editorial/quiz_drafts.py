"""Keeping a quiz file's text as a draft, in Romanian (the quiz editor) or a translation (the desk)."""

from __future__ import annotations

from pathlib import Path

from portal.accounts.models import User
from portal.content.quiz import parse_quiz_text
from portal.editorial import workflow
from portal.editorial.models import Draft


def keep_quiz(
    user: User, root: Path, path: str, draft: Draft | None, text: str, *, comment: str, review: bool
) -> str | None:
    """Keep `text` as the user's draft of the quiz `path` (submitted if `review`); return why not, or None."""
    found = parse_quiz_text(path, text)[1]
    if found:
        return "; ".join(problem.message for problem in found)
    try:
        workflow.keep(user, root, path, draft, text, comment=comment, review=review)
    except workflow.NotAllowed as refusal:
        return str(refusal)
    return None
