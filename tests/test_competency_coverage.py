"""Every competency of the matrix is reached through a training module; every quiz tests its own module."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.content.library import load_library

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("ro", "ru")  # every module exists in both

# Issue 15: these five had no module outcome; each must keep an outcome, a lesson and a quiz question.
ONCE_UNREACHABLE = (
    "risk.information-sharing",
    "case.economic-empowerment",
    "case.child-witnesses",
    "specialised.refugees-disability",
    "ethics.recording",
)


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "content")


def modules(library, lang):
    return [m for m in library.of_kind("module", lang) if m.is_published]


def outcome_competencies(library, lang) -> dict[str, set[str]]:
    """Map each competency to the modules that have an outcome for it."""
    found: dict[str, set[str]] = {}
    for module in modules(library, lang):
        for outcome in module.outcomes:
            found.setdefault(outcome.competency, set()).add(module.key)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_competency_of_the_matrix_is_the_outcome_of_some_module(library, lang):
    reached = outcome_competencies(library, lang)
    missing = sorted(library.data.matrix.ids - reached.keys())
    assert missing == [], f"competencies without a module outcome ({lang}): {', '.join(missing)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_quiz_question_tests_a_competency_among_its_modules_outcomes(library, lang):
    wrong = []
    for module in modules(library, lang):
        quiz = library.quiz(module.key, lang)
        allowed = {o.competency for o in module.outcomes}
        for question in quiz.questions if quiz else ():
            if question.competency not in allowed:
                wrong.append(f"{module.key} {question.id}: {question.competency}")
    assert wrong == [], "quiz questions whose competency is not among the module's outcomes:\n" + "\n".join(
        wrong
    )


@pytest.mark.parametrize("competency", ONCE_UNREACHABLE)
def test_the_five_once_unreachable_competencies_have_an_outcome_a_lesson_and_a_question(library, competency):
    assert competency in library.data.matrix.ids, competency
    for lang in LANGUAGES:
        keys = outcome_competencies(library, lang).get(competency)
        assert keys, f"{competency}: no module outcome ({lang})"
        lessons = [
            lesson.key
            for key in keys
            for lesson in library.children(key, lang)
            if competency in lesson.competencies
        ]
        assert lessons, f"{competency}: no lesson of {sorted(keys)} lists it ({lang})"
        questions = [
            q.id
            for key in keys
            for q in (library.quiz(key, lang).questions if library.quiz(key, lang) else ())
            if q.competency == competency
        ]
        assert questions, f"{competency}: no quiz question in {sorted(keys)} ({lang})"
