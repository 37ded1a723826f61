"""Module quizzes cannot be passed by guessing: no length cue, and real choices in multiple-answer questions.

Every quiz of every training module, in every language present, is read straight from its YAML file.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import yaml

TRAININGS = Path(__file__).resolve().parents[1] / "content" / "trainings"
QUIZZES = sorted(TRAININGS.glob("*/quiz.*.yml"))

# In at most this share of a quiz's single-answer questions may the right option be the longest one.
LONGEST_RIGHT_LIMIT = Fraction(1, 3)
# Every multiple-answer question has at least this many wrong options.
MIN_WRONG_IN_MULTIPLE = 2


def _label(path: Path) -> str:
    """Name a quiz by its module and language, e.g. `protection-mechanisms.ru`."""
    return f"{path.parent.name}.{path.name.split('.')[1]}"


def _questions(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def _is_right(option: dict) -> bool:
    return option.get("correct") is True


def _right_is_longest(question: dict) -> bool:
    """True when the right option is at least as long, in characters, as every wrong one."""
    right = [len(str(o["text"]).strip()) for o in question["options"] if _is_right(o)]
    wrong = [len(str(o["text"]).strip()) for o in question["options"] if not _is_right(o)]
    return bool(right and wrong) and right[0] >= max(wrong)


def test_every_module_has_quizzes_to_check():
    modules = {path.parent.name for path in QUIZZES}
    assert len(modules) >= 10, sorted(modules)
    assert all((TRAININGS / module / "quiz.ro.yml").exists() for module in modules)


@pytest.mark.parametrize("path", QUIZZES, ids=_label)
def test_the_right_option_is_rarely_the_longest_in_single_answer_questions(path: Path):
    singles = [q for q in _questions(path) if q["type"] == "single"]
    longest = [q["id"] for q in singles if _right_is_longest(q)]
    assert Fraction(len(longest), max(len(singles), 1)) <= LONGEST_RIGHT_LIMIT, (
        f"{_label(path)}: the right option is the longest in {len(longest)} of {len(singles)} single-answer "
        f"questions (at most {LONGEST_RIGHT_LIMIT} allowed): {', '.join(longest)}"
    )


@pytest.mark.parametrize("path", QUIZZES, ids=_label)
def test_every_multiple_answer_question_has_at_least_two_wrong_options(path: Path):
    thin = [
        q["id"]
        for q in _questions(path)
        if q["type"] == "multiple" and sum(not _is_right(o) for o in q["options"]) < MIN_WRONG_IN_MULTIPLE
    ]
    assert not thin, (
        f"{_label(path)}: multiple-answer questions with fewer than {MIN_WRONG_IN_MULTIPLE} wrong options: "
        f"{', '.join(thin)}"
    )
