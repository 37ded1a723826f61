"""Administrators manage accounts: create, invite, import, change roles, issue reset links, read the audit."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts import mailer
from portal.accounts.audit_events import AuditEvent
from portal.accounts.forms import ImportForm, UserEditForm, UserForm
from portal.accounts.models import User
from portal.accounts.operations import (
    AccountError,
    NewAccount,
    change_account,
    create_user,
    import_users,
    issue_reset,
    rank,
)
from portal.accounts.requests import waiting_count
from portal.content.data import pick
from portal.extensions import db
from portal.roles import ROLES
from portal.web.content_loader import library
from portal.web.forms import ActionForm

bp = Blueprint("admin", __name__, url_prefix="/<lang:lang>/admin")


def _agency_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(a["id"], pick(a.get("name"), g.lang)) for a in library().data.agencies]


def _agency_ids() -> list[str]:
    return [a["id"] for a in library().data.agencies]


def _role_choices() -> list[tuple[str, str]]:
    return [(role, str(ROLES[role].label)) for role in ROLES if rank(role) <= rank(current_user.role)]


def _link(token: str) -> str:
    return url_for("auth.set_password", lang=g.lang, token=token, _external=True)


def _mail_link(user: User, link: str) -> bool:
    body = _("Use this one-time link to set your password: %(link)s", link=link)
    return mailer.send(user.email, _("Your account on the portal"), body)


@bp.get("/users")
def users():
    people = db.session.scalars(select(User).order_by(User.display_name)).all()
    return render_template(
        "admin/users.html",
        users=people,
        agencies=dict(_agency_choices()),
        requests_waiting=waiting_count(current_user._get_current_object()),
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = UserForm()
    form.role.choices = _role_choices()
    form.agency.choices = _agency_choices()
    if form.validate_on_submit():
        account = NewAccount(
            form.email.data,
            form.display_name.data,
            form.role.data,
            form.agency.data or None,
            form.language.data,
        )
        try:
            user, token = create_user(current_user._get_current_object(), account, _agency_ids())
        except AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            link = _link(token)
            return render_template("admin/link.html", user=user, link=link, mailed=_mail_link(user, link))
    return render_template("admin/user_form.html", form=form), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user) if request.method == "GET" else UserEditForm()
    own_role = [(user.role, str(ROLES[user.role].label))]
    form.role.choices = _role_choices() if rank(user.role) <= rank(current_user.role) else own_role
    form.agency.choices = _agency_choices()
    if request.method == "GET":
        form.languages.data = sorted(user.translation_languages)
    if form.validate_on_submit():
        try:
            change_account(
                current_user._get_current_object(),
                user,
                form.role.data,
                form.agency.data or None,
                form.active.data,
                _agency_ids(),
                languages=form.languages.data or [],
            )
        except AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            return render_template(
                "admin/user_edit.html", form=form, user=user, saved=True, action=ActionForm()
            )
    return render_template(
        "admin/user_edit.html", form=form, user=user, saved=False, action=ActionForm()
    ), 400 if form.errors else 200


@bp.post("/users/<int:user_id>/reset")
def reset_link(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not ActionForm().validate_on_submit() or rank(user.role) > rank(current_user.role):
        abort(400)
    link = _link(issue_reset(current_user._get_current_object(), user))
    return render_template("admin/link.html", user=user, link=link, mailed=_mail_link(user, link))


@bp.route("/users/import", methods=["GET", "POST"], endpoint="import_users")
def import_users_view():
    form = ImportForm()
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:
            created = import_users(current_user._get_current_object(), raw.decode("utf-8-sig"), _agency_ids())
        except UnicodeDecodeError:
            form.file.errors.append(_("The file must be UTF-8 text (CSV)."))
        except AccountError as error:
            form.file.errors.append(error.message)
        else:
            links = [(user, _link(token)) for user, token in created]
            return render_template("admin/imported.html", links=links)
    return render_template("admin/import.html", form=form), 400 if form.errors else 200


@bp.get("/audit")
def audit():
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(500)).all()
    return render_template("admin/audit.html", events=events)
