"""Erasing a learner: their learning records and account details go, anonymous counts per module stay."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from portal.accounts.audit import record
from portal.accounts.models import User
from portal.accounts.tokens import PasswordToken
from portal.extensions import db
from portal.inserts import insert_once
from portal.learning.models import (
    AttemptAnswer,
    Certificate,
    Enrolment,
    ErasedTally,
    Evidence,
    LessonProgress,
    QuizAttempt,
    Rating,
    SelfAssessment,
)
from portal.notifications.models import Notification

COUNTS = ("enrolments", "completions", "attempts", "passes")


class ErasureError(ValueError):
    """The account cannot be erased this way."""


def erased_email(user_id: int) -> str:
    """Return the placeholder address an erased account keeps (the row stays for the audit trail)."""
    return f"erased-{user_id}@erased.invalid"


def is_erased(user: User) -> bool:
    """Tell whether the account was erased."""
    return user.email == erased_email(user.id)


def _counts(user_id: int) -> dict[str, dict[str, int]]:
    tallies: dict[str, dict[str, int]] = {}

    def add(key: str, name: str, value: int) -> None:
        tallies.setdefault(key, dict.fromkeys(COUNTS, 0))[name] += value

    for key, started, completed in db.session.execute(
        select(Enrolment.module_key, func.count(Enrolment.started_at), func.count(Enrolment.completed_at))
        .where(Enrolment.user_id == user_id)
        .group_by(Enrolment.module_key)
    ):
        add(key, "enrolments", started)
        add(key, "completions", completed)
    for key, passed, count in db.session.execute(
        select(QuizAttempt.module_key, QuizAttempt.passed, func.count())
        .where(QuizAttempt.user_id == user_id, QuizAttempt.submitted_at.is_not(None))
        .group_by(QuizAttempt.module_key, QuizAttempt.passed)
    ):
        add(key, "attempts", count)
        if passed:
            add(key, "passes", count)
    return tallies


def erase_learner(actor: User, learner: User) -> int:
    """Erase a learner's progress, attempts, evidence, ratings, certificates, notices, sessions; audited.

    Their counts move to anonymous per-module tallies first, so totals stay right. Erasing again removes
    nothing more. Returns how many records were deleted.
    """
    if learner.role == "admin" or learner.id == actor.id:
        raise ErasureError("administrators are not erased this way")
    for key, counts in _counts(learner.id).items():
        insert_once(ErasedTally, module_key=key, **dict.fromkeys(COUNTS, 0))
        db.session.execute(
            update(ErasedTally)
            .where(ErasedTally.module_key == key)
            .values(**{name: getattr(ErasedTally, name) + value for name, value in counts.items()})
        )
    attempts = select(QuizAttempt.id).where(QuizAttempt.user_id == learner.id).scalar_subquery()
    deleted = db.session.execute(delete(AttemptAnswer).where(AttemptAnswer.attempt_id.in_(attempts))).rowcount
    for model in (
        Evidence,
        Certificate,
        QuizAttempt,
        LessonProgress,
        Enrolment,
        Rating,
        SelfAssessment,
        PasswordToken,
        Notification,
    ):
        deleted += db.session.execute(delete(model).where(model.user_id == learner.id)).rowcount
    already = is_erased(learner)
    if not already:
        learner.email = erased_email(learner.id)
        learner.display_name = f"#{learner.id}"
        learner.password_hash = None
        learner.agency = None
        learner.active = False
        learner.session_version += 1  # every open session ends
    record(
        "learner-erased",
        actor=actor,
        subject=learner,
        detail="already erased" if already and not deleted else f"records={deleted}",
    )
    db.session.commit()
    return deleted


def module_totals() -> dict[str, dict[str, int]]:
    """Return national counts per module: current learners plus the anonymous tallies of erased ones."""
    totals: dict[str, dict[str, int]] = {}

    def row(key: str) -> dict[str, int]:
        return totals.setdefault(key, dict.fromkeys(COUNTS, 0))

    for key, started, completed in db.session.execute(
        select(
            Enrolment.module_key, func.count(Enrolment.started_at), func.count(Enrolment.completed_at)
        ).group_by(Enrolment.module_key)
    ):
        row(key)["enrolments"] += started
        row(key)["completions"] += completed
    for key, passed, count in db.session.execute(
        select(QuizAttempt.module_key, QuizAttempt.passed, func.count())
        .where(QuizAttempt.submitted_at.is_not(None))
        .group_by(QuizAttempt.module_key, QuizAttempt.passed)
    ):
        row(key)["attempts"] += count
        row(key)["passes"] += count if passed else 0
    for tally in db.session.scalars(select(ErasedTally)):
        for name in COUNTS:
            row(tally.module_key)[name] += getattr(tally, name)
    return totals
