"""A module's quiz as a structured form: questions, type, options, which are right, explanation, competency.

Editors never see YAML: `blocks_of` turns a quiz into the form's blocks, `read_blocks` reads them back from
what was posted (every typed value kept, problems keyed by field name), `compose` writes the quiz file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml
from flask_babel import lazy_gettext as _l

from portal.content.quiz import QUESTION_TYPES, Quiz

MAX_QUESTIONS = 60
OPTIONS_SHOWN = 5  # option rows per question; an empty row is ignored
OPTION_IDS = "abcdefgh"
_QUESTION_ID = re.compile(r"q[0-9]{1,3}\Z")
TEXT = 2000


@dataclass
class OptionBlock:
    """One option row of the form."""

    text: str = ""
    correct: bool = False


@dataclass
class QuestionBlock:
    """One question of the form, as typed."""

    id: str = ""
    type: str = "single"
    competency: str = ""
    text: str = ""
    explanation: str = ""
    options: list[OptionBlock] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Tell whether nothing was typed in this question (a question left out, or deleted)."""
        return not (self.text or self.explanation or any(o.text for o in self.options))


def blocks_of(quiz: Quiz | None) -> list[QuestionBlock]:
    """Return the form's blocks for `quiz`, and one empty question to add a new one."""
    blocks = [
        QuestionBlock(
            id=q.id,
            type=q.type,
            competency=q.competency,
            text=q.text,
            explanation=q.explanation,
            options=[OptionBlock(o.text, o.correct) for o in q.options],
        )
        for q in (quiz.questions if quiz else ())
    ]
    return padded(blocks)


def padded(blocks: list[QuestionBlock]) -> list[QuestionBlock]:
    """Give every question its empty option rows and add one empty question at the end."""
    if len(blocks) < MAX_QUESTIONS and (not blocks or not blocks[-1].empty):
        blocks = [*blocks, QuestionBlock()]
    for block in blocks:
        block.options = block.options + [OptionBlock() for _ in range(OPTIONS_SHOWN - len(block.options))]
    return blocks


def read_blocks(
    form: Mapping[str, str], competencies: frozenset[str]
) -> tuple[list[QuestionBlock], dict[str, str]]:
    """Read the posted questions; return them as typed and the problems, keyed by field name."""
    try:
        count = min(int(form.get("questions", "0")), MAX_QUESTIONS)
    except ValueError:
        count = 0
    blocks: list[QuestionBlock] = []
    problems: dict[str, str] = {}
    for index in range(max(count, 0)):
        prefix = f"q{index}-"
        options = [
            OptionBlock(_text(form.get(f"{prefix}o{row}-text")), form.get(f"{prefix}o{row}-correct") == "y")
            for row in range(OPTIONS_SHOWN)
        ]
        block = QuestionBlock(
            id=str(form.get(f"{prefix}id", "")).strip(),
            type=str(form.get(f"{prefix}type", "single")),
            competency=str(form.get(f"{prefix}competency", "")),
            text=_text(form.get(f"{prefix}text")),
            explanation=_text(form.get(f"{prefix}explanation")),
            options=options,
        )
        blocks.append(block)
        if not block.empty:
            problems.update(_problems(block, prefix, competencies))
    _name_questions([b for b in blocks if not b.empty])
    if not any(not b.empty for b in blocks):
        problems["questions"] = str(_l("A quiz needs at least one question."))
    return blocks, problems


def compose(blocks: list[QuestionBlock], source_hash: str | None = None) -> str:
    """Write the quiz file's text from valid blocks (empty questions and option rows left out)."""
    questions = []
    for block in (b for b in blocks if not b.empty):
        options = []
        for letter, option in zip(OPTION_IDS, (o for o in block.options if o.text), strict=False):
            entry = {"id": letter, "text": option.text}
            if option.correct:
                entry["correct"] = True
            options.append(entry)
        questions.append(
            {
                "id": block.id,
                "type": block.type,
                "competency": block.competency,
                "text": block.text,
                "options": options,
                "explanation": block.explanation,
            }
        )
    data: dict = {"questions": questions}
    if source_hash:
        data["source_hash"] = source_hash
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _problems(block: QuestionBlock, prefix: str, competencies: frozenset[str]) -> dict[str, str]:
    problems = {}
    if not block.text:
        problems[f"{prefix}text"] = str(_l("Write the question."))
    if block.type not in QUESTION_TYPES:
        problems[f"{prefix}type"] = str(_l("Choose one right answer or several."))
    if block.competency not in competencies:
        problems[f"{prefix}competency"] = str(_l("Choose the competency this question gives evidence for."))
    if not block.explanation:
        problems[f"{prefix}explanation"] = str(_l("Explain the right answer: learners read it afterwards."))
    written = [o for o in block.options if o.text]
    right = sum(o.correct for o in written)
    if len(written) < 2:
        problems[f"{prefix}options"] = str(_l("Write at least two options."))
    elif any(o.correct and not o.text for o in block.options):
        problems[f"{prefix}options"] = str(_l("An option marked right has no text."))
    elif block.type == "single" and right != 1:
        problems[f"{prefix}options"] = str(_l("Mark exactly one option as right."))
    elif right == 0:
        problems[f"{prefix}options"] = str(_l("Mark at least one option as right."))
    return problems


def _name_questions(blocks: list[QuestionBlock]) -> None:
    """Keep each question's id (attempts and translations refer to it); give new ones the next free id."""
    seen: set[str] = set()
    for block in blocks:
        if not _QUESTION_ID.match(block.id) or block.id in seen:
            block.id = ""
        seen.add(block.id)
    taken = {b.id for b in blocks}
    number = 1
    for block in blocks:
        if not block.id:
            while f"q{number}" in taken:
                number += 1
            block.id = f"q{number}"
            taken.add(block.id)


def _text(value: object) -> str:
    return str(value or "").strip()[:TEXT]
