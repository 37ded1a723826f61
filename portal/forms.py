"""Web forms (Flask-WTF: every form carries a CSRF token); rules live in portal.accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

REQUIRED = _l("This field is required.")


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(max=512)])


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(REQUIRED), EqualTo("password", _l("The two passwords differ."))])


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[("ro", "Română"), ("ru", "Русский"), ("uk", "Українська"),
                                                     ("en", "English")])


class ActionForm(FlaskForm):
    """A form with only its CSRF token, for POST buttons (sign out, sign out everywhere)."""


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), Length(max=254)])
    display_name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField(_l("Role"))
    agency = SelectField(_l("Agency"))
    language = SelectField(_l("Language"), choices=LanguageForm.language.kwargs["choices"])


class UserEditForm(FlaskForm):
    role = SelectField(_l("Role"))
    agency = SelectField(_l("Agency"))
    active = BooleanField(_l("Account is active"))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(REQUIRED)])


LEVEL_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]


class AssignForm(FlaskForm):
    learners = SelectMultipleField(_l("Learners"), coerce=int, validators=[DataRequired(REQUIRED)],
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    module = SelectField(_l("Module"), validators=[DataRequired(REQUIRED)])
    due_on = DateField(_l("Due date (optional)"), validators=[Optional()])


class RatingForm(FlaskForm):
    competency = SelectField(_l("Competency"), validators=[DataRequired(REQUIRED)])
    level = SelectField(_l("Level"), coerce=int, choices=LEVEL_CHOICES)
    comment = TextAreaField(_l("Comment"), validators=[Length(max=1000)])


class SelfAssessmentForm(FlaskForm):
    competency = SelectField(_l("Competency"), validators=[DataRequired(REQUIRED)])
    level = SelectField(_l("My level"), coerce=int, choices=LEVEL_CHOICES)


class EraseForm(FlaskForm):
    confirm = BooleanField(_l("I understand that this learner's records are erased for good."),
                           validators=[DataRequired(REQUIRED)])
