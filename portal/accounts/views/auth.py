"""Signing in and out, and setting a password through a one-time link."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal.accounts.forms import LoginForm, SetPasswordForm
from portal.accounts.operations import AccountError, authenticate, end_sessions, redeem_token, token_user
from portal.roles import LEARNERS
from portal.web import session_guard
from portal.web.forms import ActionForm
from portal.web.limits import (
    account_key,
    client_key,
    counts_as_failure,
    limiter,
    per_account,
    per_client,
    sign_in_failed,
    token_key,
)
from portal.web.redirects import safe_next

bp = Blueprint("auth", __name__, url_prefix="/<lang:lang>")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(per_account, key_func=account_key, methods=["POST"], deduct_when=counts_as_failure)
@limiter.limit(per_client, key_func=client_key, methods=["POST"], deduct_when=counts_as_failure)
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a new session: nothing from before signing in survives
            login_user(user)
            session_guard.start()
            return redirect(safe_next(request.args.get("next"), landing(user)))
        sign_in_failed()  # only failed sign-ins use up the limits
        error = _("The email address or the password is not correct.")
    return render_template("auth/login.html", form=form, error=error)


def landing(user) -> str:
    """Where signing in leads without `next`: My learning for learners, else the account, in this language."""
    endpoint = "learning.home" if user.role in LEARNERS else "account.show"
    return url_for(endpoint, lang=g.lang)


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        end_sessions(current_user._get_current_object(), "sign-out")
        logout_user()
        session.clear()
    return redirect(url_for("pages.home"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@limiter.limit(per_client, key_func=client_key, methods=["POST"])
@limiter.limit(per_account, key_func=token_key, methods=["POST"])
def set_password(token: str):
    form = SetPasswordForm()
    if token_user(token) is None:
        return render_template("auth/link_expired.html"), 410
    if form.validate_on_submit():
        try:
            redeem_token(token, form.password.data)
        except AccountError as error:
            form.password.errors.append(error.message)
        else:
            logout_user()
            session.clear()
            flash(_("Your password is set. You can sign in now."))
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form)
