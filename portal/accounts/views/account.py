"""A signed-in user's own account: password, language, signing out everywhere."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal.accounts.forms import ChangePasswordForm, EmailNoticesForm, LanguageForm
from portal.accounts.operations import (
    AccountError,
    change_password,
    end_sessions,
    set_email_notices,
    set_language,
)
from portal.web import session_guard
from portal.web.forms import ActionForm

bp = Blueprint("account", __name__, url_prefix="/<lang:lang>/account")


def _page(password_form=None, language_form=None, status=200):
    user = current_user._get_current_object()
    return render_template(
        "account/show.html",
        password_form=password_form or ChangePasswordForm(formdata=None),
        language_form=language_form or LanguageForm(formdata=None, language=user.language),
        notices_form=EmailNoticesForm(formdata=None, email_notices=user.email_notices),
        action_form=ActionForm(),
    ), status


@bp.get("/")
def show():
    return _page()


@bp.post("/password", endpoint="change_password")
def change_password_view():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current_password.data, form.password.data)
        except AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            login_user(user)  # this session goes on with the new session version; all others end
            session_guard.start()
            flash(_("Your password was changed. You were signed out everywhere else."))
            return redirect(url_for("account.show"))
    return _page(password_form=form, status=400)


@bp.post("/language")
def change_language():
    form = LanguageForm()
    if form.validate_on_submit():
        set_language(current_user._get_current_object(), form.language.data)
        return redirect(url_for("account.show", lang=form.language.data))
    return _page(language_form=form, status=400)


@bp.post("/email-notices")
def email_notices():
    form = EmailNoticesForm()
    if form.validate_on_submit():
        set_email_notices(current_user._get_current_object(), form.email_notices.data)
        flash(_("Your reminder setting was saved."))
    return redirect(url_for("account.show", _anchor="reminders-title"))


@bp.post("/logout-everywhere")
def logout_everywhere():
    if ActionForm().validate_on_submit():
        end_sessions(current_user._get_current_object())
        logout_user()
        session.clear()
    return redirect(url_for("auth.login"))
