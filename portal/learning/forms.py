"""Learning forms: assignments, ratings, self-assessments, erasure (each carries a CSRF token)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.web.forms import REQUIRED

LEVEL_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]


def after_today(form, field) -> None:
    """Refuse a due date that is today or already past: nobody can meet it."""
    if field.data is not None and field.data <= date.today():
        raise ValidationError(_l("Choose a due date after today."))


class AssignForm(FlaskForm):
    learners = SelectMultipleField(
        _l("Learners"),
        coerce=int,
        validators=[DataRequired(REQUIRED)],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    module = SelectField(_l("Module"), validators=[DataRequired(REQUIRED)])
    due_on = DateField(_l("Due date (optional)"), validators=[Optional(), after_today])


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
