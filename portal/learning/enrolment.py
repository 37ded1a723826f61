"""Taking modules: which modules a learner may take, starting them, lessons done, progress and completion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update

from portal.access import can_read
from portal.accounts.models import User
from portal.content.library import Library
from portal.content.model import SOURCE_LANGUAGE, ContentItem
from portal.extensions import db
from portal.inserts import insert_once
from portal.learning.certificates import new_code
from portal.learning.models import Certificate, Enrolment, LessonProgress, QuizAttempt, now


class LearningError(ValueError):
    """A learning rule was broken (module not open to the learner, lesson of another module, ...)."""


@dataclass(frozen=True)
class Progress:
    """Where a learner stands in one module."""

    module_key: str
    lessons_done: int
    lessons_total: int
    quiz: bool
    passed: bool
    best_score: int | None
    attempts: int
    assigned: bool
    due_on: date | None
    started: bool
    completed_at: datetime | None

    @property
    def percent(self) -> int:
        """Return the share of the module done: each lesson and the quiz count as one step."""
        steps = self.lessons_total + (1 if self.quiz else 0)
        done = min(self.lessons_done, self.lessons_total) + (
            1 if self.passed else 0
        )  # lessons may be retired
        return round(100 * done / steps) if steps else 0


def is_overdue(assignment: Enrolment | Progress, today: date) -> bool:
    """Tell whether an assignment (an enrolment, or a learner's progress) is past due and not completed."""
    return assignment.due_on is not None and assignment.due_on < today and assignment.completed_at is None


def module_item(library: Library, module_key: str, lang: str) -> ContentItem | None:
    """Return a module in `lang`, else in the source language."""
    item = library.get(module_key, lang) or library.get(module_key, SOURCE_LANGUAGE)
    return item if item is not None and item.kind == "module" else None


def module_open_to(library: Library, user: User, module_key: str) -> bool:
    """Tell whether `user` may take the module (published and open to their role)."""
    item = module_item(library, module_key, SOURCE_LANGUAGE)
    return item is not None and item.is_published and can_read(user, item)


def open_modules(library: Library, user: User, lang: str) -> list[ContentItem]:
    """Return the modules `user` may take, in `lang` where it exists."""
    keys = [i.key for i in library.of_kind("module", SOURCE_LANGUAGE)]
    items = [module_item(library, key, lang) for key in keys if module_open_to(library, user, key)]
    return sorted((i for i in items if i), key=lambda i: (i.order, i.title))


def lesson_keys(library: Library, module_key: str) -> list[str]:
    """Return the keys of a module's published lessons, in order."""
    return [i.key for i in library.children(module_key, SOURCE_LANGUAGE) if i.is_published]


def has_quiz(library: Library, module_key: str) -> bool:
    """Tell whether the module has a quiz."""
    return library.quiz(module_key, SOURCE_LANGUAGE) is not None


def start_module(library: Library, user: User, module_key: str) -> None:
    """Enrol `user` in a module they may take; starting it again changes nothing."""
    enrol(library, user, module_key)
    db.session.commit()


def enrol(library: Library, user: User, module_key: str) -> None:
    """Add the enrolment (or mark an assignment started) inside the caller's transaction."""
    if not module_open_to(library, user, module_key):
        raise LearningError("this module is not open to you")
    if not insert_once(Enrolment, user_id=user.id, module_key=module_key, started_at=now()):
        db.session.execute(
            update(Enrolment)
            .where(
                Enrolment.user_id == user.id,
                Enrolment.module_key == module_key,
                Enrolment.started_at.is_(None),
            )
            .values(started_at=now())
        )


def assign_module(user: User, module_key: str, assigned_by: User, due_on: date | None) -> None:
    """Assign a module to `user` with an optional due date (re-assigning resets it); caller commits."""
    values = {"assigned_at": now(), "assigned_by_id": assigned_by.id, "due_on": due_on}
    if not insert_once(Enrolment, user_id=user.id, module_key=module_key, **values):
        db.session.execute(
            update(Enrolment)
            .where(Enrolment.user_id == user.id, Enrolment.module_key == module_key)
            .values(**values)
        )


def mark_lesson_done(library: Library, user: User, lesson_key: str) -> bool:
    """Record that `user` read a lesson; tell whether this was new. Marking it again changes nothing."""
    lesson = library.get(lesson_key, SOURCE_LANGUAGE)
    if lesson is None or lesson.kind != "lesson" or not lesson.is_published:
        raise LearningError("no such lesson")
    enrol(library, user, lesson.parent_key)
    added = insert_once(
        LessonProgress, user_id=user.id, module_key=lesson.parent_key, lesson_key=lesson_key, done_at=now()
    )
    complete_if_done(library, user, lesson.parent_key)
    db.session.commit()
    return added


def done_lessons(user_id: int, module_key: str | None = None) -> set[str]:
    """Return the keys of the lessons a learner marked as done."""
    query = select(LessonProgress.lesson_key).where(LessonProgress.user_id == user_id)
    if module_key:
        query = query.where(LessonProgress.module_key == module_key)
    return set(db.session.scalars(query))


def complete_if_done(library: Library, user: User, module_key: str) -> bool:
    """Complete the module and issue its certificate once every lesson is done and the quiz passed.

    Tells whether the module is complete; safe to call any number of times and from racing processes.
    """
    lessons = set(lesson_keys(library, module_key))
    if not lessons <= done_lessons(user.id, module_key):
        return False
    if has_quiz(library, module_key) and not _passed(user.id, module_key):
        return False
    db.session.execute(
        update(Enrolment)
        .where(
            Enrolment.user_id == user.id, Enrolment.module_key == module_key, Enrolment.completed_at.is_(None)
        )
        .values(completed_at=now())
    )
    insert_once(Certificate, user_id=user.id, module_key=module_key, code=new_code(), issued_at=now())
    return True


def _passed(user_id: int, module_key: str) -> bool:
    return (
        db.session.scalar(
            select(QuizAttempt.id)
            .where(
                QuizAttempt.user_id == user_id,
                QuizAttempt.module_key == module_key,
                QuizAttempt.passed.is_(True),
            )
            .limit(1)
        )
        is not None
    )


def progress(library: Library, user_id: int) -> dict[str, Progress]:
    """Return a learner's progress in every module they were assigned, started or attempted."""
    enrolments = {
        e.module_key: e for e in db.session.scalars(select(Enrolment).where(Enrolment.user_id == user_id))
    }
    done: dict[str, int] = {}
    for row in db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == user_id)):
        done[row.module_key] = done.get(row.module_key, 0) + 1
    attempts: dict[str, list[QuizAttempt]] = {}
    for attempt in db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user_id, QuizAttempt.submitted_at.is_not(None))
    ):
        attempts.setdefault(attempt.module_key, []).append(attempt)
    result = {}
    for key in sorted(set(enrolments) | set(done) | set(attempts)):
        enrolment, tries = enrolments.get(key), attempts.get(key, [])
        scores = [a.score for a in tries if a.score is not None]
        result[key] = Progress(
            module_key=key,
            lessons_done=done.get(key, 0),
            lessons_total=len(lesson_keys(library, key)),
            quiz=has_quiz(library, key),
            passed=any(a.passed for a in tries),
            best_score=max(scores, default=None),
            attempts=len(tries),
            assigned=bool(enrolment and enrolment.assigned_at),
            due_on=enrolment and enrolment.due_on,
            started=bool(enrolment and enrolment.started_at) or key in done,
            completed_at=enrolment.completed_at if enrolment else None,
        )
    return result


def ordered_modules(modules: list[ContentItem], progress_by_key: dict[str, Progress]) -> list[ContentItem]:
    """Order modules for a learner: assignments first (soonest due first), then the rest."""

    def key(item: ContentItem):
        state = progress_by_key.get(item.key)
        assigned = bool(state and state.assigned and state.completed_at is None)
        return (
            0 if assigned else 1,
            (state.due_on or date.max) if assigned else date.max,
            item.order,
            item.title,
        )

    return sorted(modules, key=key)


def certificate_of(user_id: int, module_key: str) -> Certificate | None:
    """Return the learner's certificate for a module."""
    return db.session.scalar(
        select(Certificate).where(Certificate.user_id == user_id, Certificate.module_key == module_key)
    )
