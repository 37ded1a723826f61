"""Requesting an account, and the queue where supervisors (their agency) and administrators decide."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts import mailer
from portal.accounts.forms import AccountRequestForm, DeclineForm
from portal.accounts.operations import AccountError, normalize_email
from portal.accounts.requests import (
    OFFERED_ROLES,
    AccountRequest,
    RequestDetails,
    approve,
    check_reason,
    decline,
    request_for,
    submit_request,
    waiting_for,
)
from portal.accounts.views.auth import too_many
from portal.content.data import pick
from portal.roles import ROLES
from portal.web.content_loader import library
from portal.web.forms import ActionForm
from portal.web.limits import account_key, client_key, configured_limit, limiter

bp = Blueprint("account_requests", __name__, url_prefix="/<lang:lang>")


def _agencies() -> list[tuple[str, str]]:
    return [(a["id"], pick(a.get("name"), g.lang)) for a in library().data.agencies]


def _me():
    return current_user._get_current_object()


@bp.route("/request-account", methods=["GET", "POST"])
@limiter.limit(
    configured_limit("LIMIT_REQUEST_PER_CLIENT"), key_func=client_key, methods=["POST"], on_breach=too_many
)
@limiter.limit(
    configured_limit("LIMIT_REQUEST_PER_ACCOUNT"), key_func=account_key, methods=["POST"], on_breach=too_many
)
def new():
    if not mailer.configured():  # the decision could not reach the requester: ask the administrator
        return render_template("auth/request_account.html", form=None)
    form = AccountRequestForm()
    form.agency.choices = [("", "—"), *_agencies()]
    form.role.choices = [(role, str(ROLES[role].label)) for role in OFFERED_ROLES]
    if form.validate_on_submit():
        details = RequestDetails(
            form.name.data, form.email.data, form.agency.data, form.role.data, language=g.lang
        )
        try:
            outcome = submit_request(details, [a for a, _name in _agencies()])
        except AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            if outcome == "account":
                _mail_existing_account(normalize_email(form.email.data))
            elif outcome == "new":
                _mail_received(normalize_email(form.email.data), form.name.data.strip())
            return render_template("auth/request_received.html")  # the same whatever the outcome
    return render_template("auth/request_account.html", form=form), 400 if form.errors else 200


def _mail_received(email: str, name: str) -> None:
    body = "\n\n".join(
        (
            _("Hello %(name)s,", name=name),
            _(
                "We received your request for an account on the portal. Your agency's supervisor or an "
                "administrator will decide, and we will write to you either way."
            ),
        )
    )
    mailer.send_after_response(email, _("Your account request"), body)


def _mail_existing_account(email: str) -> None:
    link = url_for("auth.forgot_password", lang=g.lang, _external=True)
    body = "\n\n".join(
        (
            _("Someone, probably you, asked for an account on the portal with this email address."),
            _("You already have one. If you forgot your password, set a new one here: %(link)s", link=link),
        )
    )
    mailer.send_after_response(email, _("Your account request"), body)


@bp.get("/account-requests")
def queue():
    entries = waiting_for(_me())
    return _queue(entries, {entry.id: _decline_form(entry.id, formdata=None) for entry in entries})


def _decline_form(request_id: int, **options) -> DeclineForm:
    form = DeclineForm(**options)
    form.reason.id = form.reason.label.field_id = f"reason-{request_id}"  # one form a request: own ids
    return form


def _queue(entries: list[AccountRequest], decline_forms: dict, status: int = 200):
    return render_template(
        "admin/account_requests.html",
        entries=entries,
        decline_forms=decline_forms,
        action=ActionForm(),
        agencies=dict(_agencies()),
        mail=mailer.configured(),
    ), status


def _entry(request_id: int, route: str) -> AccountRequest:
    return request_for(_me(), request_id, route) or abort(404)


@bp.post("/account-requests/<int:request_id>/approve")
def approve_request(request_id: int):
    entry = _entry(request_id, "account_requests.approve_request")
    if not ActionForm().validate_on_submit():
        abort(400)
    language = entry.language
    try:
        user, token = approve(_me(), entry, [a for a, _name in _agencies()])
    except AccountError as error:
        flash(error.message)
        return redirect(url_for("account_requests.queue"))
    link = url_for("auth.set_password", lang=language, token=token, _external=True)
    with force_locale(language):
        body = "\n\n".join(
            (
                _("Hello %(name)s,", name=user.display_name),
                _("Your request for an account on the portal was approved."),
                _("Use this one-time link to set your password: %(link)s", link=link),
            )
        )
        subject = _("Your account on the portal")
    if mailer.send(user.email, subject, body):
        flash(_("%(name)s has an account now; the link to set a password was sent.", name=user.display_name))
        return redirect(url_for("account_requests.queue"))
    return render_template("admin/request_approved.html", user=user, link=link)


@bp.post("/account-requests/<int:request_id>/decline")
def decline_request(request_id: int):
    entry = _entry(request_id, "account_requests.decline_request")
    form = _decline_form(entry.id)
    if not form.validate_on_submit():
        abort(400)
    try:
        reason = check_reason(form.reason.data)
    except AccountError as error:
        form.reason.errors.append(error.message)
        entries = waiting_for(_me())
        forms = {e.id: _decline_form(e.id, formdata=None) for e in entries}
        forms[entry.id] = form
        return _queue(entries, forms, status=400)
    email, name, language = entry.email, entry.name, entry.language
    decline(_me(), entry)
    with force_locale(language):
        lines = [
            _("Hello %(name)s,", name=name),
            _("We are sorry: your request for an account on the portal was not approved."),
        ]
        if reason:
            lines.append(_("The reason given: %(reason)s", reason=reason))
        lines.append(_("If you think this is a mistake, please contact your agency's supervisor."))
        subject = _("Your account request")
    mailed = mailer.send(email, subject, "\n\n".join(lines))
    if mailed:
        flash(_("The request was declined; the requester was told by email."))
    else:
        flash(_("The request was declined."))
    return redirect(url_for("account_requests.queue"))
