"""Quizzes: question data stored beside a training module's lessons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from portal.content import yamltext
from portal.content.files import UnreadableFile, read_text, shown_name
from portal.content.hashing import text_hash
from portal.content.model import LANGUAGES, Problem

_QUIZ_NAME = re.compile(r"^quiz\.(?P<lang>[A-Za-z_-]+)\.yml$")
QUESTION_TYPES = ("single", "multiple")


@dataclass(frozen=True)
class Option:
    """One answer option; `correct` never leaves the server before an attempt is submitted."""

    id: str
    text: str
    correct: bool


@dataclass(frozen=True)
class Question:
    """One quiz question with the competency it gives evidence for."""

    id: str
    type: str
    competency: str
    text: str
    options: tuple[Option, ...]
    explanation: str

    @property
    def correct_ids(self) -> frozenset[str]:
        """Return the ids of the right options."""
        return frozenset(o.id for o in self.options if o.correct)


@dataclass(frozen=True)
class Quiz:
    """A module's quiz in one language."""

    module_key: str
    lang: str
    path: str
    questions: tuple[Question, ...]
    body_hash: str
    source_hash: str | None = None

    def shape(self) -> tuple:
        """Return what every translation must share: ids, types, competencies and right answers."""
        return tuple(
            (q.id, q.type, q.competency, tuple((o.id, o.correct) for o in q.options)) for q in self.questions
        )


def parse_quiz(path: Path, root: Path) -> tuple[Quiz | None, list[Problem]]:
    """Parse and validate one quiz file."""
    name = shown_name(path, root)
    parts = PurePosixPath(name).parts
    match = _QUIZ_NAME.match(parts[-1])
    if not match or len(parts) != 3 or parts[0] != "trainings":
        return None, [Problem(name, 1, "a quiz must be trainings/<module>/quiz.<language>.yml")]
    lang = match["lang"]
    if lang not in LANGUAGES:
        return None, [
            Problem(name, 1, f"unknown language suffix '.{lang}' (allowed: {', '.join(LANGUAGES)})")
        ]
    try:
        text = read_text(path, root)
    except UnreadableFile as error:
        return None, [Problem(name, error.line, error.message)]
    return parse_quiz_text(name, text)


def parse_quiz_text(name: str, text: str) -> tuple[Quiz | None, list[Problem]]:
    """Parse and validate the text of the quiz file `name` (trainings/<module>/quiz.<language>.yml)."""
    parts = PurePosixPath(name).parts
    match = _QUIZ_NAME.match(parts[-1]) if len(parts) == 3 and parts[0] == "trainings" else None
    if not match or match["lang"] not in LANGUAGES:
        return None, [Problem(name, 1, "a quiz must be trainings/<module>/quiz.<language>.yml")]
    lang = match["lang"]
    try:
        data = yamltext.load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, [
            Problem(name, mark.line + 1 if mark else 1, f"bad YAML: {getattr(error, 'problem', error)}")
        ]
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        return None, [Problem(name, 1, "a quiz needs a list of questions")]
    unknown = set(data) - {"questions", "source_hash"}
    problems = [Problem(name, 1, f"unknown field '{field}'") for field in sorted(unknown)]
    questions = []
    for raw in data["questions"]:
        question, message = _question(raw)
        if message:
            qid = raw.get("id") if isinstance(raw, dict) else None
            problems.append(Problem(name, _line_of(text, f"id: {qid}") if qid else 1, message))
        else:
            questions.append(question)
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        problems.append(Problem(name, 1, "question ids must be unique"))
    if problems:
        return None, problems
    quiz = Quiz(
        module_key=f"trainings/{parts[1]}",
        lang=lang,
        path=name,
        questions=tuple(questions),
        body_hash=text_hash(text, markdown=False),
        source_hash=data.get("source_hash"),
    )
    return quiz, []


def _question(raw: object) -> tuple[Question | None, str | None]:
    if not isinstance(raw, dict):
        return None, "each question must be a mapping"
    missing = {"id", "type", "competency", "text", "options", "explanation"} - set(raw)
    if missing:
        return None, f"question is missing: {', '.join(sorted(missing))}"
    if raw["type"] not in QUESTION_TYPES:
        return None, f"question {raw['id']}: type must be single or multiple"
    options = raw["options"]
    if not isinstance(options, list) or len(options) < 2:
        return None, f"question {raw['id']}: needs at least two options"
    if not all(isinstance(o, dict) and o.get("id") and o.get("text") for o in options):
        return None, f"question {raw['id']}: each option needs an id and a text"
    built = tuple(Option(str(o["id"]), str(o["text"]), o.get("correct") is True) for o in options)
    right = sum(o.correct for o in built)
    if right == 0 or (raw["type"] == "single" and right != 1):
        return (
            None,
            f"question {raw['id']}: a {raw['type']} question needs "
            f"{'exactly one' if raw['type'] == 'single' else 'at least one'} correct option",
        )
    if len({o.id for o in built}) != len(built):
        return None, f"question {raw['id']}: option ids must be unique"
    return Question(
        id=str(raw["id"]),
        type=raw["type"],
        competency=str(raw["competency"]),
        text=str(raw["text"]),
        options=built,
        explanation=str(raw["explanation"]),
    ), None


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1
