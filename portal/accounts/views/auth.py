"""Signing in and out, and setting a password through a one-time link."""

from __future__ import annotations

from flask import Blueprint, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal.accounts import mailer
from portal.accounts.forms import ForgotPasswordForm, LoginForm, SetPasswordForm
from portal.accounts.operations import (
    AccountError,
    authenticate,
    end_sessions,
    redeem_token,
    request_reset,
    token_user,
)
from portal.roles import LEARNERS
from portal.web import session_guard
from portal.web.forms import ActionForm
from portal.web.limits import (
    account_key,
    client_key,
    configured_limit,
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
        return render_template("auth/link_expired.html", mail=mailer.configured()), 410
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


def too_many(limit):
    """Answer a refused "Forgot your password?" or "Request an account" with what to do (an on_breach)."""
    return make_response(render_template("auth/too_many.html"), 429)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(
    configured_limit("LIMIT_RESET_PER_CLIENT"), key_func=client_key, methods=["POST"], on_breach=too_many
)
@limiter.limit(
    configured_limit("LIMIT_RESET_PER_ACCOUNT"), key_func=account_key, methods=["POST"], on_breach=too_many
)
def forgot_password():
    if not mailer.configured():
        return render_template("auth/forgot_password.html", form=None)
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            found = request_reset(form.email.data)
        except AccountError as error:
            form.email.errors.append(error.message)
        else:
            if found is not None:
                _mail_reset(*found)
            return render_template("auth/reset_sent.html")  # the same page whether the account exists
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200


def _mail_reset(user, token: str) -> None:
    """Mail the reset link in the account's own language, once the answer page has gone out."""
    with force_locale(user.language):
        link = url_for("auth.set_password", lang=user.language, token=token, _external=True)
        subject = _("Your password on the portal")
        body = "\n\n".join(
            (
                _("Someone, probably you, asked to set a new password for your account on the portal."),
                _("Use this link within one hour; it works only once: %(link)s", link=link),
                _("If you did not ask for it, ignore this message: your password stays as it is."),
            )
        )
    mailer.send_after_response(user.email, subject, body)
