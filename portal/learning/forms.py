"""Learning forms: assignments, ratings, self-assessments, erasure (each carries a CSRF token)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.web.forms import REQUIRED

LEVEL_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]


def after_today(form, field) -> None:
    """Refuse a due date that is today or already past: nobody can meet it."""
    if field.data is not None and field.data <= date.today():
        raise ValidationError(_l("Choose a due date after today."))


class AssignForm(FlaskForm):
    """Assign a module to the learners ticked, to every learner with a role, or to a whole agency.

    The view sets the choices (the actor's learners, the supervised roles, the agencies for admins) and
    `needs_agency` (admins say which agency a role or a whole agency is taken from).
    """

    module = SelectField(_l("Module"), validators=[DataRequired(REQUIRED)])
    due_on = DateField(_l("Due date (optional)"), validators=[Optional(), after_today])
    whom = RadioField(
        _l("Assign to"),
        choices=[
            ("chosen", _l("the learners ticked below")),
            ("role", _l("every learner with the role chosen below")),
            ("agency", _l("every learner of the agency")),
        ],
        default="chosen",
    )
    learners = SelectMultipleField(
        _l("Learners"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    role = SelectField(_l("Role"), default="")
    agency = SelectField(_l("Agency"), default="")
    needs_agency = False

    def validate_learners(self, field) -> None:
        if self.whom.data == "chosen" and not field.data:
            raise ValidationError(_l("Tick at least one learner."))

    def validate_role(self, field) -> None:
        if self.whom.data == "role" and not field.data:
            raise ValidationError(_l("Choose the role of the learners."))

    def validate_agency(self, field) -> None:
        if self.needs_agency and self.whom.data in ("role", "agency") and not field.data:
            raise ValidationError(_l("Choose the agency."))


class RatingForm(FlaskForm):
    competency = SelectField(_l("Competency"), validators=[DataRequired(REQUIRED)])
    level = SelectField(_l("Level"), coerce=int, choices=LEVEL_CHOICES)
    comment = TextAreaField(_l("Comment"), validators=[Length(max=1000)])


class SelfAssessmentForm(FlaskForm):
    competency = SelectField(_l("Competency"), validators=[DataRequired(REQUIRED)])
    level = SelectField(_l("My level"), coerce=int, choices=LEVEL_CHOICES)


class EraseForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that this learner's records are erased for good."),
        validators=[DataRequired(REQUIRED)],
    )
