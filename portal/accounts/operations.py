"""Account rules as plain functions: creating, inviting, signing in, changing roles and passwords."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.accounts.audit import record
from portal.accounts.models import User
from portal.accounts.passwords import hash_password, needs_rehash, password_problem, verify_password
from portal.accounts.tokens import PasswordToken
from portal.content.model import LANGUAGES, SOURCE_LANGUAGE
from portal.extensions import db
from portal.roles import ROLES

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_HOURS = {"invite": 72, "reset": 2}
SELF_RESET_HOURS = 1  # a link the account's owner asked for by mail ("Forgot your password?")


# The actor behind command-line account changes: an administrator with no account of its own.
SYSTEM = SimpleNamespace(id=None, role="admin")


class AccountError(ValueError):
    """A rule was broken; `field` names the form field the message belongs next to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NewAccount:
    """What an admin submits to create an account."""

    email: str
    display_name: str
    role: str
    agency: str | None
    language: str = "ro"


def rank(role: str) -> int:
    """Return how much a role may do; nobody grants a role above their own."""
    return ROLES[role].rank


def normalize_email(email: str) -> str:
    """Return the address as stored: trimmed and lower-case."""
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """Return the account with this address."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the active user whose password matches; as slow for unknown accounts as for known ones."""
    user = find_user(email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        record("sign-in-failed", actor=None, subject=user)
        db.session.commit()
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)  # the same password, hashed with today's parameters
    record("sign-in", actor=user, subject=user)
    db.session.commit()
    return user


def _check_new(actor: User, account: NewAccount, agencies: Iterable[str]) -> NewAccount:
    email = normalize_email(account.email)
    if not EMAIL.match(email):
        raise AccountError("email", str(_l("Enter a valid email address.")))
    if find_user(email):
        raise AccountError("email", str(_l("An account with this email address already exists.")))
    if not account.display_name.strip():
        raise AccountError("display_name", str(_l("Enter a name.")))
    if account.role not in ROLES:
        raise AccountError("role", str(_l("Choose a role.")))
    if rank(account.role) > rank(actor.role):
        raise AccountError("role", str(_l("You cannot grant a role above your own.")))
    if account.agency and account.agency not in set(agencies):
        raise AccountError("agency", str(_l("Choose an agency from the list.")))
    if account.language not in LANGUAGES:
        raise AccountError("language", str(_l("Choose a language.")))
    return NewAccount(
        email, account.display_name.strip(), account.role, account.agency or None, account.language
    )


def create_user(actor: User, account: NewAccount, agencies: Iterable[str]) -> tuple[User, str]:
    """Create an account without a password; return it and the raw one-time invitation token."""
    user, raw = add_user(actor, account, agencies)
    db.session.commit()
    return user, raw


def add_user(actor: User, account: NewAccount, agencies: Iterable[str]) -> tuple[User, str]:
    """Add an account and its invitation to the current transaction (the caller commits)."""
    account = _check_new(actor, account, agencies)
    user = User(
        email=account.email,
        display_name=account.display_name,
        role=account.role,
        agency=account.agency,
        language=account.language,
    )
    db.session.add(user)
    db.session.flush()
    raw = _new_token(user, "invite")
    record("account-created", actor=actor, subject=user, detail=f"role={user.role}")
    return user, raw


def import_users(actor: User, text: str, agencies: Iterable[str]) -> list[tuple[User, str]]:
    """Create every account of a CSV (email,display_name,role,agency,language) or none of them."""
    agencies = list(agencies)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise AccountError("file", str(_l("The file has no rows.")))
    created = []
    seen: set[str] = set()
    try:
        for number, row in enumerate(rows, start=2):
            account = NewAccount(
                email=row.get("email", ""),
                display_name=row.get("display_name", ""),
                role=(row.get("role") or "specialist").strip(),
                agency=(row.get("agency") or "").strip() or None,
                language=(row.get("language") or "ro").strip(),
            )
            if normalize_email(account.email) in seen:
                raise AccountError(
                    "file", str(_l("Line %(line)s: this email address appears twice.", line=number))
                )
            seen.add(normalize_email(account.email))
            try:
                account = _check_new(actor, account, agencies)
            except AccountError as error:
                raise AccountError(
                    "file", str(_l("Line %(line)s: %(message)s", line=number, message=error.message))
                ) from error
            user = User(
                email=account.email,
                display_name=account.display_name,
                role=account.role,
                agency=account.agency,
                language=account.language,
            )
            db.session.add(user)
            db.session.flush()
            created.append((user, _new_token(user, "invite")))
        record("accounts-imported", actor=actor, detail=f"count={len(created)}")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return created


def issue_reset(actor: User | None, user: User) -> str:
    """Return a fresh one-time reset token for `user` (earlier unused links stop working)."""
    raw = _new_token(user, "reset")
    record("link-issued", actor=actor, subject=user, detail="reset")
    db.session.commit()
    return raw


def request_reset(email: str) -> tuple[User, str] | None:
    """Answer "Forgot your password?": a one-hour reset token when an active account has this address.

    Both paths write the same audit row (without the address), so that asking for an unknown address
    looks and takes the same as asking for a known one.
    """
    if len(normalize_email(email)) > 254 or not EMAIL.match(normalize_email(email)):
        raise AccountError("email", str(_l("Enter a valid email address.")))
    user = find_user(email)
    if user is None or not user.active:
        record("reset-requested", actor=None, subject=None)
        db.session.commit()
        return None
    raw = _new_token(user, "reset", hours=SELF_RESET_HOURS)
    record("reset-requested", actor=None, subject=user)
    db.session.commit()
    return user, raw


def token_user(raw: str) -> PasswordToken | None:
    """Return the usable token for a raw link value."""
    token = db.session.scalar(select(PasswordToken).where(PasswordToken.token_hash == _digest(raw)))
    return token if token and token.is_usable() else None


def redeem_token(raw: str, password: str) -> User:
    """Set the password through a one-time link; the link and every other session stop working."""
    token = token_user(raw)
    if token is None:
        raise AccountError(
            "password",
            str(_l("This link has expired or was already used. Ask an administrator for a new one.")),
        )
    user = db.session.get(User, token.user_id)
    _set_password(user, password)
    token.used_at = datetime.now(UTC)
    record("password-set", actor=user, subject=user)
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password; other sessions end."""
    if not verify_password(user.password_hash, current):
        raise AccountError("current_password", str(_l("Your current password is not correct.")))
    _set_password(user, new)
    record("password-changed", actor=user, subject=user)
    db.session.commit()


def set_language(user: User, language: str) -> None:
    """Save the user's preferred language."""
    if language not in LANGUAGES:
        raise AccountError("language", str(_l("Choose a language.")))
    user.language = language
    db.session.commit()


def set_email_notices(user: User, on: bool) -> None:
    """Save whether the user gets reminders by email (the notices on the portal stay either way)."""
    user.email_notices = bool(on)
    db.session.commit()


def end_sessions(user: User, event: str = "sign-out-everywhere") -> None:
    """End every session of `user` (each session carries the version it was opened with)."""
    user.session_version += 1
    record(event, actor=user, subject=user)
    db.session.commit()


def change_account(
    actor: User,
    user: User,
    role: str,
    agency: str | None,
    active: bool,
    agencies: Iterable[str],
    languages: Iterable[str] | None = None,
) -> None:
    """Change a user's role, agency, status or translation languages, within the actor's own rank.

    The last admin stays. `languages` None keeps them; they count only for translators and never include
    the source language (translators translate from it).
    """
    chosen = None if languages is None else sorted(set(languages))
    if chosen is not None and any(code not in LANGUAGES or code == SOURCE_LANGUAGE for code in chosen):
        raise AccountError("languages", str(_l("Choose languages from the list.")))
    if role not in ROLES:
        raise AccountError("role", str(_l("Choose a role.")))
    if rank(role) > rank(actor.role) or rank(user.role) > rank(actor.role):
        raise AccountError("role", str(_l("You cannot grant a role above your own.")))
    if agency and agency not in set(agencies):
        raise AccountError("agency", str(_l("Choose an agency from the list.")))
    losing_admin = user.role == "admin" and (role != "admin" or not active)
    if losing_admin and _active_admins() <= 1:
        raise AccountError("role", str(_l("The last administrator cannot be removed.")))
    demoted = rank(role) < rank(user.role)
    disabled = user.active and not active
    if role != user.role:
        record("role-changed", actor=actor, subject=user, detail=f"{user.role}->{role}")
    if disabled:
        record("account-disabled", actor=actor, subject=user)
    if agency != user.agency:
        record("account-changed", actor=actor, subject=user, detail="agency")
    if chosen is not None and ",".join(chosen) != ",".join(sorted(user.translation_languages)):
        record("account-changed", actor=actor, subject=user, detail="languages=" + ",".join(chosen))
        user.languages = ",".join(chosen)
    user.role, user.agency, user.active = role, agency or None, active
    if demoted or disabled:
        user.session_version += 1
    db.session.commit()


def _active_admins() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == "admin", User.active))


def _set_password(user: User, password: str) -> None:
    problem = password_problem(password, [user.email, user.display_name, *user.email.split("@")])
    if problem:
        raise AccountError("password", problem)
    user.password_hash = hash_password(password)
    user.session_version += 1


def _new_token(user: User, purpose: str, hours: int | None = None) -> str:
    for old in db.session.scalars(
        select(PasswordToken).where(PasswordToken.user_id == user.id, PasswordToken.used_at.is_(None))
    ):
        old.used_at = datetime.now(UTC)
    raw = secrets.token_urlsafe(32)
    db.session.add(
        PasswordToken(
            user_id=user.id,
            token_hash=_digest(raw),
            purpose=purpose,
            expires_at=datetime.now(UTC) + timedelta(hours=hours or TOKEN_HOURS[purpose]),
        )
    )
    return raw


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
