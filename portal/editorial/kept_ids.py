"""The ids of the data files that the database relies on: agencies accounts belong to, competencies with
learners' records. A form refuses to drop them when it saves; publishing checks again, since an account may
have joined an agency (or a learner earned evidence) after the draft was saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.accounts.models import User
from portal.content import yamltext
from portal.editorial import agency_form, matrix_form
from portal.editorial.paths import published_text
from portal.extensions import db
from portal.learning.models import AttemptAnswer, Evidence, Rating, SelfAssessment


def agencies_in_use() -> set[str]:
    """Return the ids of the agencies accounts belong to."""
    return set(db.session.scalars(select(User.agency).where(User.agency.is_not(None)).distinct()))


def recorded_competencies() -> set[str]:
    """Return the competencies learners' records (answers, evidence, ratings, self-assessments) name."""
    found: set[str] = set()
    for model in (AttemptAnswer, Evidence, Rating, SelfAssessment):
        found.update(db.session.scalars(select(model.competency).distinct()))
    return found


def dropped(root: Path, path: str, text: str) -> list[str]:
    """Return why publishing `text` as `path` would drop an id the database relies on (empty: none)."""
    if path == agency_form.PATH:
        before, after = (_agency_ids(t) for t in (published_text(root, path), text))
        return [
            str(
                _l(
                    "Accounts belong to the agency %(id)s:"
                    " it cannot be removed or renamed until they are moved.",
                    id=i,
                )
            )
            for i in sorted((before - after) & agencies_in_use())
        ]
    if path == matrix_form.PATH:
        before, after = (_competency_ids(t) for t in (published_text(root, path), text))
        what = str(_l("learners' records"))
        return [
            str(
                _l(
                    "The competency %(id)s is referred to by %(what)s: keep its name, or change those first.",
                    id=i,
                    what=what,
                )
            )
            for i in sorted((before - after) & recorded_competencies())
        ]
    return []


def _load(text: str | None) -> Any:
    try:
        return yamltext.load(text) if text else None
    except yaml.YAMLError:
        return None


def _agency_ids(text: str | None) -> set[str]:
    data = _load(text)
    entries = data.get("agencies") if isinstance(data, dict) else None
    return {str(a.get("id")) for a in entries or () if isinstance(a, dict)}


def _competency_ids(text: str | None) -> set[str]:
    blocks = matrix_form.blocks_of(_load(text))
    return {c.id for c in blocks.competencies if c.id}
