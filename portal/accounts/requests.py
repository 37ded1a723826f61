"""Requests for an account: anyone asks, their agency's supervisor or an administrator decides.

A request holds only what the form asked for. Once decided it is removed: an approved one lives on as the
account, a declined one leaves nothing but the audit row (which holds no name and no address).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.accounts.audit import record, record_refusal
from portal.accounts.models import User
from portal.accounts.operations import (
    EMAIL,
    AccountError,
    NewAccount,
    add_user,
    find_user,
    normalize_email,
    rank,
)
from portal.content.model import LANGUAGES
from portal.extensions import db
from portal.roles import SUPERVISED

# Who may ask: the roles a supervisor follows (specialist, psychologist). A supervisor sees colleagues'
# records and exports them, and editors and administrators change what everyone reads: an administrator
# grants those roles on the accounts page, never from a form anyone can send.
OFFERED_ROLES = tuple(role for role in ("specialist", "psychologist") if role in SUPERVISED)
NAME_MAX = 120
EMAIL_MAX = 254
REASON_MAX = 500


def _now() -> datetime:
    return datetime.now(UTC)


class AccountRequest(db.Model):
    """Someone asking for an account, until their agency's supervisor or an administrator decides."""

    __tablename__ = "account_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), index=True)
    agency: Mapped[str] = mapped_column(String(40), index=True)
    role: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))  # the language the request was written in
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass(frozen=True)
class RequestDetails:
    """What the request form submits."""

    name: str
    email: str
    agency: str
    role: str
    language: str


def check_request(details: RequestDetails, agencies: Iterable[str]) -> RequestDetails:
    """Return the details as stored, or raise AccountError naming the field that is wrong."""
    name = (details.name or "").strip()
    email = normalize_email(details.email)
    if not name:
        raise AccountError("name", str(_l("Enter a name.")))
    if len(name) > NAME_MAX:
        raise AccountError("name", str(_l("Use at most %(count)s characters.", count=NAME_MAX)))
    if len(email) > EMAIL_MAX:
        raise AccountError("email", str(_l("Use at most %(count)s characters.", count=EMAIL_MAX)))
    if not EMAIL.match(email):
        raise AccountError("email", str(_l("Enter a valid email address.")))
    if details.agency not in set(agencies):
        raise AccountError("agency", str(_l("Choose an agency from the list.")))
    if details.role not in OFFERED_ROLES:
        raise AccountError("role", str(_l("Choose a role.")))
    language = details.language if details.language in LANGUAGES else "ro"
    return RequestDetails(name, email, details.agency, details.role, language)


def submit_request(details: RequestDetails, agencies: Iterable[str]) -> str:
    """Store a request; return "new", or "account"/"pending" when the address has one already.

    The caller answers all three alike (nobody learns from the form who has an account); an address with
    an account or a waiting request stores nothing new.
    """
    details = check_request(details, agencies)
    if find_user(details.email) is not None:
        outcome = "account"
    elif db.session.scalar(select(AccountRequest.id).where(AccountRequest.email == details.email)):
        outcome = "pending"
    else:
        outcome = "new"
    if outcome == "new":
        entry = AccountRequest(
            name=details.name,
            email=details.email,
            agency=details.agency,
            role=details.role,
            language=details.language,
        )
        db.session.add(entry)
        db.session.flush()
        record("account-requested", detail=f"request={entry.id} role={entry.role} agency={entry.agency}")
    else:
        record("account-requested", detail="repeated")
    db.session.commit()
    return outcome


def may_decide(actor: User, entry: AccountRequest) -> bool:
    """Admins decide every request; a supervisor their own agency's, for roles they may grant."""
    if rank(entry.role) > rank(actor.role):
        return False
    if actor.role == "admin":
        return True
    return actor.role == "supervisor" and actor.agency is not None and entry.agency == actor.agency


def _in_scope(actor: User):
    query = select(AccountRequest)
    if actor.role != "admin":
        grantable = [role for role in OFFERED_ROLES if rank(role) <= rank(actor.role)]
        if actor.role != "supervisor" or actor.agency is None:
            return None
        query = query.where(AccountRequest.agency == actor.agency, AccountRequest.role.in_(grantable))
    return query


def waiting_for(actor: User) -> list[AccountRequest]:
    """Return the requests `actor` may decide, oldest first."""
    query = _in_scope(actor)
    if query is None:
        return []
    return list(db.session.scalars(query.order_by(AccountRequest.created_at, AccountRequest.id)))


def waiting_count(actor: User) -> int:
    """Return how many requests wait for `actor`'s decision."""
    query = _in_scope(actor)
    if query is None:
        return 0
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def request_for(actor: User, request_id: int, route: str) -> AccountRequest | None:
    """Return the request `actor` may decide, or None, auditing a refusal of someone else's request."""
    entry = db.session.get(AccountRequest, request_id)
    if entry is None:
        return None
    if not may_decide(actor, entry):
        record_refusal(actor, route, f"account-request:{request_id}")
        return None
    return entry


def approve(actor: User, entry: AccountRequest, agencies: Iterable[str]) -> tuple[User, str]:
    """Create the account asked for (through the account rules) and return it with its invitation token."""
    account = NewAccount(entry.email, entry.name, entry.role, entry.agency, entry.language)
    try:
        user, raw = add_user(actor, account, agencies)
    except AccountError:
        db.session.rollback()
        raise
    record("account-request-approved", actor=actor, subject=user, detail=f"request={entry.id}")
    db.session.delete(entry)
    db.session.commit()
    return user, raw


def check_reason(reason: str | None) -> str:
    """Return the optional reason for declining, trimmed, or raise AccountError when it is too long."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise AccountError("reason", str(_l("Use at most %(count)s characters.", count=REASON_MAX)))
    return reason


def decline(actor: User, entry: AccountRequest) -> None:
    """Remove a declined request (the caller has told the requester), auditing the decision."""
    record("account-request-declined", actor=actor, detail=f"request={entry.id} role={entry.role}")
    db.session.delete(entry)
    db.session.commit()
