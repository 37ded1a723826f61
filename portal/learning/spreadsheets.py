"""The supervisor's exports: module progress and competency levels, in the reader's language, as CSV or XLSX.

Every cell holds what a person reads: names (learners, roles, agencies, modules, competencies), never ids or
codes; dates as dates. Neither format lets a cell become a formula: CSV cells go through
`exports.safe_cell` (a leading formula character gets a quote), XLSX text cells are written as text (never
as formulas) and marked "quote prefix", so that a spreadsheet keeps them text even when edited.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from portal.accounts.audit import record
from portal.accounts.models import User
from portal.content.data import pick
from portal.content.library import Library
from portal.extensions import db
from portal.learning.competencies import attained_levels, latest_self_levels, matrix_grid
from portal.learning.enrolment import Progress, is_overdue, module_item, progress
from portal.learning.exports import FORMULA_STARTS, csv_text
from portal.learning.models import Enrolment
from portal.roles import ROLES

TABLES = ("progress", "competencies")
# How XLSX date cells are shown: day.month.year where the language writes it so, ISO in English.
DATE_FORMATS = {"ro": "dd.mm.yyyy", "ru": "dd.mm.yyyy", "uk": "dd.mm.yyyy", "en": "yyyy-mm-dd"}
SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
MAX_WIDTH = 60


@dataclass(frozen=True)
class Table:
    """One sheet of an export: a translated title, translated column names and typed rows."""

    slug: str  # what its file is named after: "module-progress", "competency-levels"
    title: str
    header: list[str]
    rows: list[list[Any]]


def role_name(role: str) -> str:
    """Return a role's name in the reader's language (the portal's label, never the code)."""
    return str(ROLES[role].label) if role in ROLES else role


def agency_names(library: Library, lang: str) -> dict[str, str]:
    """Return the agencies' names in `lang`, by id."""
    return {a["id"]: pick(a.get("name"), lang) for a in library.data.agencies if "id" in a}


def _day(value: datetime | date | None) -> date | None:
    """Return the day of a moment (UTC, as stored), or the date itself."""
    if isinstance(value, datetime):
        return value.date()
    return value


def status_text(state: Progress, today: date) -> str:
    """Return where a learner stands in a module, in words."""
    if state.completed_at:
        return gettext("completed")
    if is_overdue(state, today):
        return gettext("overdue")
    if state.started:
        return gettext("in progress")
    return gettext("not started")


def progress_table(library: Library, learners: list[User], lang: str, today: date) -> Table:
    """Return each learner's modules (assigned, started or attempted): status, dates, lessons, best score."""
    agencies = agency_names(library, lang)
    ids = [learner.id for learner in learners]
    assigned_at = {
        (e.user_id, e.module_key): e.assigned_at
        for e in db.session.scalars(select(Enrolment).where(Enrolment.user_id.in_(ids or [0])))
    }
    rows = []
    for learner in learners:
        modules = []
        for key, state in progress(library, learner.id).items():
            item = module_item(library, key, lang)
            modules.append((item.order if item else 0, item.title if item else key, state))
        for _order, title, state in sorted(modules, key=lambda m: (m[0], m[1])):
            rows.append(
                [
                    learner.display_name,
                    role_name(learner.role),
                    agencies.get(learner.agency or "", learner.agency or ""),
                    title,
                    status_text(state, today),
                    _day(assigned_at.get((learner.id, state.module_key))),
                    state.due_on,
                    _day(state.completed_at),
                    state.lessons_done,
                    state.lessons_total,
                    state.best_score,
                    state.attempts,
                ]
            )
    header = [
        gettext("Learner"),
        gettext("Role"),
        gettext("Agency"),
        gettext("Module"),
        gettext("Status"),
        gettext("Assigned on"),
        gettext("Due on"),
        gettext("Completed on"),
        gettext("Lessons done"),
        gettext("Lessons in the module"),
        gettext("Best quiz score (%)"),
        gettext("Quiz attempts"),
    ]
    return Table("module-progress", gettext("Module progress"), header, rows)


def competency_table(library: Library, learners: list[User], lang: str) -> Table:
    """Return each learner's competencies: the target for their role, the validated level, their own view."""
    agencies = agency_names(library, lang)
    ids = [learner.id for learner in learners]
    attained, own = attained_levels(ids), latest_self_levels(ids)
    rows = []
    for learner in learners:
        grid = matrix_grid(library.data.matrix, learner.role, attained[learner.id], own[learner.id])
        for area, cells in grid:
            for cell in cells:
                rows.append(
                    [
                        learner.display_name,
                        role_name(learner.role),
                        agencies.get(learner.agency or "", learner.agency or ""),
                        pick(area.name, lang),
                        pick(cell.competency.name, lang),
                        cell.target,
                        cell.attained,
                        cell.self_level,
                        cell.gap if cell.target else None,
                    ]
                )
    header = [
        gettext("Learner"),
        gettext("Role"),
        gettext("Agency"),
        gettext("Competency area"),
        gettext("Competency"),
        gettext("Target level"),
        gettext("Validated level"),
        gettext("Self-assessed level"),
        gettext("Levels missing to the target"),
    ]
    return Table("competency-levels", gettext("Competency levels"), header, rows)


def tables(library: Library, learners: list[User], lang: str, today: date) -> dict[str, Table]:
    """Return both tables of the supervisor's export, by name."""
    return {
        "progress": progress_table(library, learners, lang, today),
        "competencies": competency_table(library, learners, lang),
    }


def as_csv(table: Table) -> str:
    """Return a table as CSV: dates as YYYY-MM-DD, every cell safe from formulas."""
    return csv_text(table.header, table.rows)


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold


def _put(sheet, row: int, column: int, value: Any, date_format: str) -> None:
    if value is None:
        return
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, (date, datetime)):
        cell.value = value
        cell.number_format = date_format
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
    else:
        text = _text(str(value))
        cell.value = text
        cell.data_type = "s"  # text, even when it starts with "=": openpyxl would write a formula
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # and it stays text when someone edits it


def _width(value: Any) -> int:
    if isinstance(value, (date, datetime)):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(title: str) -> str:
    """Return a sheet title spreadsheets accept: at most 31 characters, none of []:*?/\\."""
    return _text(title).translate(SHEET_TITLE_FORBIDDEN).strip()[:31] or "Sheet"


def as_xlsx(sheets: Iterable[Table], lang: str) -> bytes:
    """Return the tables as one workbook: a sheet each, bold frozen headers, sized columns, date cells."""
    date_format = DATE_FORMATS.get(lang, "yyyy-mm-dd")
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in sheets:
        sheet = book.create_sheet(sheet_title(table.title))
        widths = [_width(h) for h in table.header]
        for column, name in enumerate(table.header, 1):
            _put(sheet, 1, column, name, date_format)
            sheet.cell(row=1, column=column).font = bold
        for number, values in enumerate(table.rows, 2):
            for column, value in enumerate(values, 1):
                _put(sheet, number, column, value, date_format)
                if value is not None:
                    widths[column - 1] = max(widths[column - 1], _width(value))
        for column, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def audit_export(actor: User, form: str, learners: int, rows: int) -> None:
    """Audit that a supervisor downloaded their learners' records."""
    record("export", actor=actor, detail=f"supervision {form} learners={learners} rows={rows}")
    db.session.commit()
