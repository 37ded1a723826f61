"""What learners do: enrolments, assignments, lessons read, quiz attempts, evidence, ratings, certificates."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

KEY = 200  # length of a content key such as "trainings/<module>/<lesson>"
COMPETENCY = 80


def now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def _user_fk(**kwargs) -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, **kwargs)


class Enrolment(db.Model):
    """A learner's place in one module: assigned (with an optional due date), started, completed."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("user_id", "module_key", name="uq_enrolment_user_module"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    module_key: Mapped[str] = mapped_column(String(KEY))
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    assigned_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LessonProgress(db.Model):
    """A lesson a learner marked as done (once: marking it again changes nothing)."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_key", name="uq_lesson_progress_user_lesson"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    module_key: Mapped[str] = mapped_column(String(KEY))
    lesson_key: Mapped[str] = mapped_column(String(KEY))
    done_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class QuizAttempt(db.Model):
    """One attempt at a module's quiz, with the order its questions and options were shown in.

    `open_key` holds the module key while the attempt is open and NULL once submitted, so the unique
    constraint allows one open attempt per learner and module (NULLs never collide) and any number of
    submitted ones.
    """

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        UniqueConstraint("user_id", "open_key", name="uq_quiz_attempt_open"),
        Index("ix_quiz_attempts_user_module", "user_id", "module_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    module_key: Mapped[str] = mapped_column(String(KEY))
    lang: Mapped[str] = mapped_column(String(2))
    layout: Mapped[str] = mapped_column(Text)  # JSON: [[question id, [option ids in the order shown]], ...]
    pass_mark: Mapped[int] = mapped_column(Integer)
    open_key: Mapped[str | None] = mapped_column(String(KEY), nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)  # percent of questions answered right
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class AttemptAnswer(db.Model):
    """The options a learner chose for one question of an attempt, and whether that was right."""

    __tablename__ = "attempt_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_attempt_answer_question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(40))
    competency: Mapped[str] = mapped_column(String(COMPETENCY))
    chosen: Mapped[str] = mapped_column(String(200))  # option ids joined by commas
    correct: Mapped[bool] = mapped_column(Boolean)


class Evidence(db.Model):
    """Validated evidence of a competency level: a passed quiz, with the questions answered right on it."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("attempt_id", "competency", name="uq_evidence_attempt_competency"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    competency: Mapped[str] = mapped_column(String(COMPETENCY))
    level: Mapped[int] = mapped_column(Integer)
    module_key: Mapped[str] = mapped_column(String(KEY))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    correct: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Rating(db.Model):
    """A supervisor's rating of a learner's competency: a validated level with a comment."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    competency: Mapped[str] = mapped_column(String(COMPETENCY))
    level: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class SelfAssessment(db.Model):
    """A learner's own view of their level; shown apart, never validated."""

    __tablename__ = "self_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    competency: Mapped[str] = mapped_column(String(COMPETENCY))
    level: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Certificate(db.Model):
    """Proof that a learner completed a module; its random code is checked publicly at /verify/<code>."""

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("user_id", "module_key", name="uq_certificate_user_module"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    module_key: Mapped[str] = mapped_column(String(KEY))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ErasedTally(db.Model):
    """What erased learners had done in a module, as bare counts, so national totals survive erasure."""

    __tablename__ = "erased_tallies"

    module_key: Mapped[str] = mapped_column(String(KEY), primary_key=True)
    enrolments: Mapped[int] = mapped_column(Integer, default=0)
    completions: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    passes: Mapped[int] = mapped_column(Integer, default=0)
