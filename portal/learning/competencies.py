"""Competency levels: validated evidence and ratings, self-assessments, the matrix grid, what to study."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.accounts.audit import record
from portal.accounts.models import User
from portal.content.data import Area, Competency, Matrix
from portal.content.model import ContentItem
from portal.extensions import db
from portal.learning.enrolment import Progress
from portal.learning.models import Evidence, Rating, SelfAssessment, now

LEVELS = (1, 2, 3, 4)
COMMENT_LENGTH = 1000


class RatingError(ValueError):
    """A rating or self-assessment was refused; `field` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Cell:
    """One competency of a learner's matrix: target for the role, validated level, own view."""

    competency: Competency
    target: int | None
    attained: int
    self_level: int | None

    @property
    def gap(self) -> int:
        """Return how many levels are missing to the target (0 when reached or there is no target)."""
        return max((self.target or 0) - self.attained, 0)


@dataclass(frozen=True)
class Recommendation:
    """A module to study next and why: the competency with the gap it closes."""

    module: ContentItem
    cell: Cell
    leads_to: int
    assigned: bool


def attained_levels(user_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Return each learner's level per competency: the highest validated one (quiz evidence or a rating)."""
    ids = list(user_ids)
    levels: dict[int, dict[str, int]] = {i: {} for i in ids}
    if not ids:
        return levels
    for model in (Evidence, Rating):
        rows = db.session.execute(
            select(model.user_id, model.competency, func.max(model.level))
            .where(model.user_id.in_(ids))
            .group_by(model.user_id, model.competency)
        )
        for user_id, competency, level in rows:
            levels[user_id][competency] = max(level, levels[user_id].get(competency, 0))
    return levels


def self_levels(user_id: int) -> dict[str, int]:
    """Return the learner's latest self-assessed level per competency."""
    latest: dict[str, int] = {}
    for row in db.session.scalars(
        select(SelfAssessment)
        .where(SelfAssessment.user_id == user_id)
        .order_by(SelfAssessment.created_at, SelfAssessment.id)
    ):
        latest[row.competency] = row.level
    return latest


def latest_self_levels(user_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Return each learner's latest self-assessed level per competency (one query for a group)."""
    ids = list(user_ids)
    latest: dict[int, dict[str, int]] = {i: {} for i in ids}
    if not ids:
        return latest
    for row in db.session.scalars(
        select(SelfAssessment)
        .where(SelfAssessment.user_id.in_(ids))
        .order_by(SelfAssessment.created_at, SelfAssessment.id)
    ):
        latest[row.user_id][row.competency] = row.level
    return latest


def matrix_grid(
    matrix: Matrix, role: str, attained: dict[str, int], own: dict[str, int] | None = None
) -> list[tuple[Area, list[Cell]]]:
    """Return the matrix as areas of cells for one learner."""
    own = own or {}
    return [
        (
            area,
            [Cell(c, c.targets.get(role), attained.get(c.id, 0), own.get(c.id)) for c in area.competencies],
        )
        for area in matrix.areas
    ]


def recommend(
    modules: list[ContentItem],
    grid: list[tuple[Area, list[Cell]]],
    progress: dict[str, Progress],
    limit: int = 3,
) -> list[Recommendation]:
    """Recommend the next modules from the largest gaps between target and validated level.

    A module is a next step for a competency when its outcome there is the lowest level above the learner's:
    first the practitioner module, then the advanced one. Completed modules are never recommended.
    """
    cells = {cell.competency.id: cell for _, row in grid for cell in row}
    offered: dict[str, list[tuple[int, ContentItem]]] = {}
    for module in modules:
        for outcome in module.outcomes:
            offered.setdefault(outcome.competency, []).append((outcome.level, module))
    best: dict[str, Recommendation] = {}
    for competency, options in offered.items():
        cell = cells.get(competency)
        if cell is None or cell.gap == 0:
            continue
        open_options = [
            (level, m)
            for level, m in options
            if level > cell.attained and not (progress.get(m.key) and progress[m.key].completed_at)
        ]
        if not open_options:
            continue
        step = min(level for level, _ in open_options)
        for level, module in open_options:
            if level != step:
                continue
            state = progress.get(module.key)
            candidate = Recommendation(module, cell, level, bool(state and state.assigned))
            current = best.get(module.key)
            if current is None or _rank(candidate) < _rank(current):
                best[module.key] = candidate
    return sorted(best.values(), key=_rank)[:limit]


def through_practice(
    modules: list[ContentItem], grid: list[tuple[Area, list[Cell]]], progress: dict[str, Progress]
) -> list[Cell]:
    """Return the competencies whose target no open module leads to: only a supervisor's assessment can.

    Quizzes validate the levels their module's outcomes name (awareness and practitioner in the bundled
    content); an advanced or trainer level is observed in practice and rated by the supervisor.
    """
    reachable: dict[str, int] = {}
    for module in modules:
        state = progress.get(module.key)
        if state and state.completed_at:
            continue
        for outcome in module.outcomes:
            reachable[outcome.competency] = max(outcome.level, reachable.get(outcome.competency, 0))
    return [
        cell
        for _, row in grid
        for cell in row
        if cell.gap and reachable.get(cell.competency.id, 0) <= cell.attained
    ]


def _rank(recommendation: Recommendation) -> tuple:
    return (
        -recommendation.cell.gap,
        not recommendation.assigned,
        recommendation.module.order,
        recommendation.module.title,
    )


def _check_level(matrix: Matrix, competency: str, level: int) -> None:
    if matrix.competency(competency) is None:
        raise RatingError("competency", str(_l("Choose a competency from the list.")))
    if level not in LEVELS:
        raise RatingError("level", str(_l("Choose a level from 1 to 4.")))


def rate(matrix: Matrix, rater: User, learner: User, competency: str, level: int, comment: str) -> Rating:
    """Record a supervisor's validated rating of a learner's competency, audited."""
    _check_level(matrix, competency, level)
    if rater.id == learner.id:
        raise RatingError("competency", str(_l("You cannot rate yourself: add a self-assessment instead.")))
    rating = Rating(
        user_id=learner.id,
        rater_id=rater.id,
        competency=competency,
        level=level,
        comment=(comment or "").strip()[:COMMENT_LENGTH],
        created_at=now(),
    )
    db.session.add(rating)
    record("competency-rated", actor=rater, subject=learner, detail=f"{competency}={level}")
    db.session.commit()
    return rating


def self_assess(matrix: Matrix, user: User, competency: str, level: int) -> SelfAssessment:
    """Record a learner's own view of their level (kept apart from validated levels)."""
    _check_level(matrix, competency, level)
    entry = SelfAssessment(user_id=user.id, competency=competency, level=level, created_at=now())
    db.session.add(entry)
    db.session.commit()
    return entry


def coverage(
    matrix: Matrix, learners: list[User], attained: dict[int, dict[str, int]]
) -> list[tuple[Area, list[dict]]]:
    """Return, per competency, how many learners are at each level and how many reached their target."""
    result = []
    for area in matrix.areas:
        rows = []
        for competency in area.competencies:
            counts = {level: 0 for level in (0, *LEVELS)}
            at_target = with_target = 0
            for learner in learners:
                level = attained.get(learner.id, {}).get(competency.id, 0)
                counts[level] = counts.get(level, 0) + 1
                target = competency.targets.get(learner.role)
                if target:
                    with_target += 1
                    at_target += level >= target
            rows.append(
                {
                    "competency": competency,
                    "counts": counts,
                    "at_target": at_target,
                    "with_target": with_target,
                    "total": len(learners),
                }
            )
        result.append((area, rows))
    return result
