"""Exports: CSV that spreadsheets cannot run as formulas, a learner's own data as JSON and CSV.

The supervisor's exports (module progress, competency levels) are built in portal.learning.spreadsheets.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from portal.accounts.audit import record
from portal.accounts.models import User
from portal.content.library import Library
from portal.extensions import db
from portal.learning.attempts import attempts_of
from portal.learning.enrolment import module_item, progress
from portal.learning.models import AttemptAnswer, Certificate, Enrolment, LessonProgress
from portal.learning.supervision import evidence_of, ratings_of, self_assessments_of

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """Return a cell as text that no spreadsheet evaluates: a leading formula character gets a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """Return rows as CSV text with every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def _title(library: Library, key: str, lang: str) -> str:
    item = module_item(library, key, lang)
    return item.title if item else key


def learner_data(library: Library, user: User, lang: str) -> dict[str, Any]:
    """Return everything the portal keeps about a learner's learning, for them to download."""
    answers: dict[int, list[AttemptAnswer]] = {}
    attempts = attempts_of(user.id)
    if attempts:
        for answer in db.session.scalars(
            select(AttemptAnswer)
            .where(AttemptAnswer.attempt_id.in_([a.id for a in attempts]))
            .order_by(AttemptAnswer.id)
        ):
            answers.setdefault(answer.attempt_id, []).append(answer)

    def when(value: datetime | date | None) -> str | None:
        return value.isoformat() if value else None

    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.id)
    )
    lessons = db.session.scalars(
        select(LessonProgress).where(LessonProgress.user_id == user.id).order_by(LessonProgress.id)
    )
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id)
    )
    return {
        "account": {
            "email": user.email,
            "name": user.display_name,
            "role": user.role,
            "agency": user.agency,
            "language": user.language,
            "created_at": when(user.created_at),
        },
        "modules": [
            {
                "module": e.module_key,
                "title": _title(library, e.module_key, lang),
                "assigned_at": when(e.assigned_at),
                "due_on": when(e.due_on),
                "started_at": when(e.started_at),
                "completed_at": when(e.completed_at),
            }
            for e in enrolments
        ],
        "progress": [
            {
                "module": p.module_key,
                "lessons_done": p.lessons_done,
                "lessons_total": p.lessons_total,
                "percent": p.percent,
            }
            for p in progress(library, user.id).values()
        ],
        "lessons_done": [{"lesson": row.lesson_key, "done_at": when(row.done_at)} for row in lessons],
        "quiz_attempts": [
            {
                "module": a.module_key,
                "language": a.lang,
                "started_at": when(a.started_at),
                "submitted_at": when(a.submitted_at),
                "score": a.score,
                "pass_mark": a.pass_mark,
                "passed": a.passed,
                "answers": [
                    {
                        "question": x.question_id,
                        "competency": x.competency,
                        "chosen": [c for c in x.chosen.split(",") if c],
                        "correct": x.correct,
                    }
                    for x in answers.get(a.id, [])
                ],
            }
            for a in reversed(attempts)
        ],
        "evidence": [
            {
                "competency": e.competency,
                "level": e.level,
                "module": e.module_key,
                "questions_right": e.correct,
                "questions": e.total,
                "at": when(e.created_at),
            }
            for e in evidence_of(user.id)
        ],
        "ratings": [
            {
                "competency": r.competency,
                "level": r.level,
                "comment": r.comment,
                "rated_by": name,
                "at": when(r.created_at),
            }
            for r, name in ratings_of(user.id)
        ],
        "self_assessments": [
            {"competency": s.competency, "level": s.level, "at": when(s.created_at)}
            for s in self_assessments_of(user.id)
        ],
        "certificates": [
            {"module": c.module_key, "code": c.code, "issued_at": when(c.issued_at)} for c in certificates
        ],
    }


def learner_csv(data: dict[str, Any]) -> str:
    """Return a learner's data as one CSV: a section column, then what each record says."""
    rows: list[list[Any]] = [["account", key, value] for key, value in data["account"].items()]
    for section in (
        "modules",
        "progress",
        "lessons_done",
        "evidence",
        "ratings",
        "self_assessments",
        "certificates",
    ):
        for entry in data[section]:
            rows.append([section, *(f"{k}={v}" for k, v in entry.items())])
    for attempt in data["quiz_attempts"]:
        summary = {k: v for k, v in attempt.items() if k != "answers"}
        rows.append(["quiz_attempts", *(f"{k}={v}" for k, v in summary.items())])
        for answer in attempt["answers"]:
            rows.append(
                [
                    "answers",
                    f"module={attempt['module']}",
                    f"submitted_at={attempt['submitted_at']}",
                    *(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in answer.items()),
                ]
            )
    width = max(len(r) for r in rows)
    return csv_text(
        ["section", *(f"field{i}" for i in range(1, width))], (r + [""] * (width - len(r)) for r in rows)
    )


def export_own_data(user: User, form: str) -> None:
    """Audit that a learner downloaded their own data."""
    record("export", actor=user, subject=user, detail=f"own-data {form}")
    db.session.commit()
