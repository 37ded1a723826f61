"""Account forms (Flask-WTF: every form carries a CSRF token); rules live in portal.accounts.operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length

from portal.content.model import LANGUAGES, SOURCE_LANGUAGE
from portal.web.forms import REQUIRED
from portal.web.i18n import LANGUAGE_NAMES

LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
TRANSLATION_CHOICES = [(code, name) for code, name in LANGUAGE_CHOICES if code != SOURCE_LANGUAGE]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(max=512)])


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("The two passwords differ."))],
    )


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class EmailNoticesForm(FlaskForm):
    email_notices = BooleanField(_l("Send me reminders by email"))


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), Length(max=254)])
    display_name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField(_l("Role"))
    agency = SelectField(_l("Agency"))
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class UserEditForm(FlaskForm):
    role = SelectField(_l("Role"))
    agency = SelectField(_l("Agency"))
    active = BooleanField(_l("Account is active"))
    # Checked in operations.change_account, so that an odd value is explained next to the boxes.
    languages = SelectMultipleField(
        _l("Languages translated into"), choices=TRANSLATION_CHOICES, validate_choice=False
    )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(REQUIRED)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED)])


class AccountRequestForm(FlaskForm):
    # Lengths, the address and the choices are checked in portal.accounts.requests, next to each field.
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED)])
    email = EmailField(_l("Work email"), validators=[DataRequired(REQUIRED)])
    agency = SelectField(_l("Agency"), validate_choice=False)
    role = SelectField(_l("Role asked for"), validate_choice=False)


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional, sent to the requester)"))
