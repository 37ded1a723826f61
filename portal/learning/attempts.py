"""Quiz attempts: options shuffled per attempt and kept on the server, scored there, evidence on a pass."""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select, update

from portal.accounts.audit import record_refusal
from portal.accounts.models import User
from portal.content.library import Library
from portal.content.model import SOURCE_LANGUAGE
from portal.content.quiz import Option, Question, Quiz
from portal.extensions import db
from portal.inserts import insert_once
from portal.learning.enrolment import LearningError, complete_if_done, enrol, module_item
from portal.learning.models import AttemptAnswer, Evidence, QuizAttempt, now


@dataclass(frozen=True)
class ShownQuestion:
    """A question as this attempt shows it: options in the attempt's own order (browser sees positions)."""

    question: Question
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Feedback:
    """One answered question after submitting: what was chosen, whether it was right, and why."""

    question: Question
    options: tuple[Option, ...]
    chosen: frozenset[str]
    correct: bool


def quiz_for(library: Library, module_key: str, lang: str) -> Quiz | None:
    """Return a module's quiz in `lang`, else in the source language."""
    return library.quiz(module_key, lang) or library.quiz(module_key, SOURCE_LANGUAGE)


def open_attempt(
    library: Library, user: User, module_key: str, lang: str, rng: random.Random | None = None
) -> QuizAttempt:
    """Return the learner's open attempt at the module's quiz, or start one with a fresh shuffle."""
    quiz = quiz_for(library, module_key, lang)
    if quiz is None:
        raise LearningError("this module has no quiz")
    enrol(library, user, module_key)
    rng = rng or secrets.SystemRandom()
    while (attempt := _open(user.id, module_key)) is None:
        layout = [[q.id, rng.sample([o.id for o in q.options], len(q.options))] for q in quiz.questions]
        # One open attempt per learner and module: a racing request inserts nothing and both get the same one.
        insert_once(
            QuizAttempt,
            user_id=user.id,
            module_key=module_key,
            lang=quiz.lang,
            layout=json.dumps(layout),
            pass_mark=module_item(library, module_key, SOURCE_LANGUAGE).pass_mark,
            open_key=module_key,
            started_at=now(),
        )
    db.session.commit()
    return attempt


def _open(user_id: int, module_key: str) -> QuizAttempt | None:
    return db.session.scalar(
        select(QuizAttempt).where(QuizAttempt.user_id == user_id, QuizAttempt.open_key == module_key)
    )


def attempt_for(user: User, attempt_id: int) -> QuizAttempt | None:
    """Return an attempt only to the learner it belongs to."""
    return db.session.scalar(
        select(QuizAttempt).where(QuizAttempt.id == attempt_id, QuizAttempt.user_id == user.id)
    )


def refuse_attempt(user: User, attempt_id: int, route: str) -> None:
    """Audit that `user` asked for an attempt not theirs (or none), naming its owner when there is one."""
    owner = db.session.scalar(select(QuizAttempt.user_id).where(QuizAttempt.id == attempt_id))
    record_refusal(user, route, f"attempt:{attempt_id}", subject=owner)


def attempts_of(user_id: int, module_key: str | None = None) -> list[QuizAttempt]:
    """Return a learner's submitted attempts, newest first."""
    query = select(QuizAttempt).where(QuizAttempt.user_id == user_id, QuizAttempt.submitted_at.is_not(None))
    if module_key:
        query = query.where(QuizAttempt.module_key == module_key)
    return list(db.session.scalars(query.order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())))


def shown_questions(library: Library, attempt: QuizAttempt, lang: str) -> list[ShownQuestion]:
    """Return the attempt's questions in `lang` (else the attempt's language), in the attempt's order."""
    quiz = library.quiz(attempt.module_key, lang) or quiz_for(library, attempt.module_key, attempt.lang)
    if quiz is None:
        return []
    questions = {q.id: q for q in quiz.questions}
    shown = []
    for question_id, option_ids in json.loads(attempt.layout):
        question = questions.get(question_id)
        if question is None:
            continue
        options = {o.id: o for o in question.options}
        shown.append(ShownQuestion(question, tuple(options[i] for i in option_ids if i in options)))
    return shown


def chosen_options(shown: ShownQuestion, positions: Iterable[str]) -> frozenset[str]:
    """Map the positions a browser sent back to option ids; anything else is ignored."""
    chosen = set()
    for position in positions:
        if position.isdigit() and int(position) < len(shown.options):
            chosen.add(shown.options[int(position)].id)
    return frozenset(chosen)


def is_right(question: Question, chosen: frozenset[str]) -> bool:
    """Tell whether the chosen options are exactly the right ones."""
    return chosen == question.correct_ids


def submit_attempt(
    library: Library, user: User, attempt: QuizAttempt, form: Mapping[str, list[str]]
) -> QuizAttempt:
    """Score an attempt on the server and keep it; submitting it again (a double click) records nothing more.

    `form` maps "q-<question id>" to the option positions the browser sent.
    """
    if attempt.user_id != user.id:
        raise LearningError("this attempt belongs to someone else")
    if attempt.submitted_at is not None:
        return attempt
    shown = shown_questions(library, attempt, attempt.lang)
    answers = [(s.question, chosen_options(s, form.get(f"q-{s.question.id}", []))) for s in shown]
    right = sum(is_right(q, chosen) for q, chosen in answers)
    score = round(100 * right / len(answers)) if answers else 0
    passed = bool(answers) and right * 100 >= attempt.pass_mark * len(answers)
    # Only the request whose UPDATE finds the attempt still open records it; a racing twin changes nothing.
    claimed = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(submitted_at=now(), open_key=None, score=score, passed=passed)
    ).rowcount
    if not claimed:
        db.session.rollback()
        db.session.refresh(attempt)
        return attempt
    for question, chosen in answers:
        db.session.add(
            AttemptAnswer(
                attempt_id=attempt.id,
                question_id=question.id,
                competency=question.competency,
                chosen=",".join(sorted(chosen)),
                correct=is_right(question, chosen),
            )
        )
    if passed:
        _record_evidence(library, user, attempt, answers)
        db.session.flush()
        complete_if_done(library, user, attempt.module_key)
    db.session.commit()
    db.session.refresh(attempt)
    return attempt


def _record_evidence(
    library: Library, user: User, attempt: QuizAttempt, answers: list[tuple[Question, frozenset[str]]]
) -> None:
    module = module_item(library, attempt.module_key, SOURCE_LANGUAGE)
    levels: dict[str, int] = {}
    for outcome in module.outcomes:
        levels[outcome.competency] = max(outcome.level, levels.get(outcome.competency, 0))
    for competency, level in levels.items():
        asked = [(q, chosen) for q, chosen in answers if q.competency == competency]
        insert_once(
            Evidence,
            user_id=user.id,
            competency=competency,
            level=level,
            module_key=attempt.module_key,
            attempt_id=attempt.id,
            correct=sum(is_right(q, c) for q, c in asked),
            total=len(asked),
            created_at=now(),
        )


def feedback(library: Library, attempt: QuizAttempt, lang: str) -> list[Feedback]:
    """Return the submitted attempt question by question, with the right options and explanations."""
    stored = {
        a.question_id: a
        for a in db.session.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id))
    }
    result = []
    for shown in shown_questions(library, attempt, lang):
        answer = stored.get(shown.question.id)
        chosen = frozenset(filter(None, answer.chosen.split(","))) if answer else frozenset()
        result.append(Feedback(shown.question, shown.options, chosen, bool(answer and answer.correct)))
    return result
