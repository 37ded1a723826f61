"""A quiz's translation as a form: each Romanian question, option and explanation beside its translation.

Translators write texts only. Ids, types, competencies and which options are right come from the Romanian
quiz, so a translation always has its shape (the check `content check` makes) and learners' attempts keep
their meaning in every language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml
from flask_babel import lazy_gettext as _l

from portal.content.quiz import Question, Quiz

TEXT = 2000


@dataclass
class QuestionText:
    """The translated texts of one question, as typed: keyed by the Romanian question's and options' ids."""

    source: Question
    text: str = ""
    options: dict[str, str] = field(default_factory=dict)
    explanation: str = ""


def texts_of(source: Quiz, translation: Quiz | None) -> list[QuestionText]:
    """Return a row per Romanian question with the translation's texts where it has that question."""
    known = {q.id: q for q in (translation.questions if translation else ())}
    rows = []
    for question in source.questions:
        found = known.get(question.id)
        options = {o.id: o.text for o in found.options} if found else {}
        rows.append(
            QuestionText(
                question,
                found.text if found else "",
                {o.id: options.get(o.id, "") for o in question.options},
                found.explanation if found else "",
            )
        )
    return rows


def read_texts(form: Mapping[str, str], source: Quiz) -> tuple[list[QuestionText], dict[str, str]]:
    """Read the posted translation; return it as typed and the problems, keyed by field name."""
    rows, problems = [], {}
    for question in source.questions:
        row = QuestionText(
            question,
            _text(form.get(f"{question.id}-text")),
            {o.id: _text(form.get(f"{question.id}-{o.id}")) for o in question.options},
            _text(form.get(f"{question.id}-explanation")),
        )
        rows.append(row)
        if not row.text:
            problems[f"{question.id}-text"] = str(_l("Translate the question."))
        for option_id, text in row.options.items():
            if not text:
                problems[f"{question.id}-{option_id}"] = str(_l("Translate this option."))
        if question.explanation and not row.explanation:
            problems[f"{question.id}-explanation"] = str(_l("Translate the explanation."))
    return rows, problems


def compose(rows: list[QuestionText], source_hash: str) -> str:
    """Write the translated quiz file: the Romanian quiz's shape with the translated texts."""
    questions = []
    for row in rows:
        options = []
        for option in row.source.options:
            entry: dict = {"id": option.id, "text": row.options.get(option.id, "")}
            if option.correct:
                entry["correct"] = True
            options.append(entry)
        questions.append(
            {
                "id": row.source.id,
                "type": row.source.type,
                "competency": row.source.competency,
                "text": row.text,
                "options": options,
                "explanation": row.explanation,
            }
        )
    data = {"source_hash": source_hash, "questions": questions}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _text(value: object) -> str:
    return str(value or "").replace("\x00", "").strip()[:TEXT]
