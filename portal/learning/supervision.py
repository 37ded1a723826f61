"""What supervisors see and do: their agency's learners (admins: all), assignments, completion, records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from portal.accounts.audit import record, record_refusal
from portal.accounts.models import User
from portal.content.library import Library
from portal.content.model import ContentItem
from portal.extensions import db
from portal.learning.enrolment import LearningError, assign_module, is_overdue, module_open_to
from portal.learning.models import Enrolment, Evidence, Rating, SelfAssessment
from portal.roles import LEARNERS, SUPERVISED


@dataclass(frozen=True)
class ModuleCompletion:
    """One module across a group of learners."""

    module: ContentItem
    assigned: int
    started: int
    completed: int
    overdue: int


def in_scope(actor: User, learner: User) -> bool:
    """Tell whether `actor` may see `learner`'s record: admins any, supervisors their agency's learners."""
    if actor.role == "admin":
        return True
    return (
        actor.role == "supervisor"
        and actor.agency is not None
        and learner.agency == actor.agency
        and learner.role in SUPERVISED
        and learner.active
    )


def learner_for(actor: User, user_id: int, route: str) -> User | None:
    """Return the learner `actor` may see, or None, auditing the refusal with the route and the target."""
    learner = db.session.get(User, user_id)
    if learner is None or not in_scope(actor, learner):
        record_refusal(actor, route, f"user:{user_id}", subject=learner.id if learner else None)
        return None
    return learner


def learners_in_scope(actor: User) -> list[User]:
    """Return the active learners `actor` follows, by name: admins all, supervisors their agency's."""
    query = select(User).where(User.role.in_(LEARNERS), User.active.is_(True))
    if actor.role != "admin":
        if actor.role != "supervisor" or actor.agency is None:
            return []
        query = select(User).where(
            User.role.in_(SUPERVISED), User.active.is_(True), User.agency == actor.agency
        )
    return list(db.session.scalars(query.order_by(User.display_name, User.id)))


def enrolments_of(user_ids: list[int]) -> list[Enrolment]:
    """Return the enrolments of a group of learners."""
    if not user_ids:
        return []
    return list(db.session.scalars(select(Enrolment).where(Enrolment.user_id.in_(user_ids))))


def completion_by_module(
    modules: list[ContentItem], enrolments: list[Enrolment], today: date
) -> list[ModuleCompletion]:
    """Count, per module, the learners assigned, started, completed and overdue."""
    rows = []
    for module in modules:
        mine = [e for e in enrolments if e.module_key == module.key]
        rows.append(
            ModuleCompletion(
                module=module,
                assigned=sum(e.assigned_at is not None for e in mine),
                started=sum(e.started_at is not None for e in mine),
                completed=sum(e.completed_at is not None for e in mine),
                overdue=sum(is_overdue(e, today) for e in mine),
            )
        )
    return rows


def overdue(learners: list[User], enrolments: list[Enrolment], today: date) -> list[tuple[User, Enrolment]]:
    """Return the overdue assignments, the longest overdue first."""
    by_id = {learner.id: learner for learner in learners}
    late = [(by_id[e.user_id], e) for e in enrolments if e.user_id in by_id and is_overdue(e, today)]
    return sorted(late, key=lambda pair: (pair[1].due_on, pair[0].display_name))


# Whom an assignment goes to: the learners ticked, every learner with one role, or a whole agency.
WHOM = ("chosen", "role", "agency")


@dataclass(frozen=True)
class Assignment:
    """What one assignment did: learners newly assigned, those who already had it, those it is not open to."""

    assigned: int
    already: int
    closed: int
    due_on: date | None


def agency_learners(agency: str, role: str | None = None) -> list[User]:
    """Return the active supervised learners of an agency (of one role when given), by name.

    Supervisors are never among them (portal.roles.SUPERVISED), not even for an admin.
    """
    roles = [role] if role else sorted(SUPERVISED)
    query = select(User).where(User.role.in_(roles), User.active.is_(True), User.agency == agency)
    return list(db.session.scalars(query.order_by(User.display_name, User.id)))


def recipients(
    actor: User, whom: str, chosen: list[int], role: str | None = None, agency: str | None = None
) -> list[User]:
    """Return whom an assignment goes to: the learners chosen, a role's learners or a whole agency's.

    Supervisors reach their own agency only (whatever `agency` says); admins name the agency for a role or a
    whole agency. Anything else is refused with a LearningError.
    """
    if whom == "chosen":
        mine = {learner.id: learner for learner in learners_in_scope(actor)}
        if not chosen or any(user_id not in mine for user_id in chosen):
            raise LearningError("this learner is not in your agency")
        return [mine[user_id] for user_id in dict.fromkeys(chosen)]
    if whom not in WHOM or (whom == "role" and role not in SUPERVISED):
        raise LearningError("no such group of learners")
    if actor.role == "supervisor":
        agency = actor.agency
    elif actor.role != "admin":
        agency = None
    if not agency:
        raise LearningError("no agency")
    return agency_learners(agency, role if whom == "role" else None)


def assign(
    library: Library, actor: User, learners: list[User], module_key: str, due_on: date | None
) -> Assignment:
    """Assign a module to learners the actor supervises and who may take it, in one transaction.

    A learner who already has the assignment keeps it (no second one): a new due date, when given, replaces
    theirs, so assigning again is how a deadline moves; without one they keep the date they had. Learners the
    module is not open to are left out and counted. Either every learner is assigned or, on any failure,
    none is.
    """
    if any(not in_scope(actor, learner) for learner in learners):
        raise LearningError("this learner is not in your agency")
    learners = list({learner.id: learner for learner in learners}.values())
    open_to = [learner for learner in learners if module_open_to(library, learner, module_key)]
    had_it = set(
        db.session.scalars(
            select(Enrolment.user_id).where(
                Enrolment.user_id.in_([learner.id for learner in open_to] or [0]),
                Enrolment.module_key == module_key,
                Enrolment.assigned_at.is_not(None),
            )
        )
    )
    try:
        for learner in open_to:
            if learner.id not in had_it:
                assign_module(learner, module_key, actor, due_on)
                record("module-assigned", actor=actor, subject=learner, detail=module_key)
            elif due_on is not None:
                db.session.execute(
                    update(Enrolment)
                    .where(Enrolment.user_id == learner.id, Enrolment.module_key == module_key)
                    .values(due_on=due_on)
                )
                record(
                    "module-assigned",
                    actor=actor,
                    subject=learner,
                    detail=f"{module_key} due date {due_on.isoformat()}",
                )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return Assignment(
        assigned=len(open_to) - len(had_it),
        already=len(had_it),
        closed=len(learners) - len(open_to),
        due_on=due_on,
    )


def ratings_of(user_id: int) -> list[tuple[Rating, str | None]]:
    """Return a learner's ratings, newest first, with the rater's name."""
    rows = db.session.execute(
        select(Rating, User.display_name)
        .outerjoin(User, User.id == Rating.rater_id)
        .where(Rating.user_id == user_id)
        .order_by(Rating.created_at.desc(), Rating.id.desc())
    )
    return [(rating, name) for rating, name in rows]


def evidence_of(user_id: int) -> list[Evidence]:
    """Return a learner's quiz evidence, newest first."""
    return list(
        db.session.scalars(
            select(Evidence)
            .where(Evidence.user_id == user_id)
            .order_by(Evidence.created_at.desc(), Evidence.id.desc())
        )
    )


def self_assessments_of(user_id: int) -> list[SelfAssessment]:
    """Return a learner's self-assessments, newest first."""
    return list(
        db.session.scalars(
            select(SelfAssessment)
            .where(SelfAssessment.user_id == user_id)
            .order_by(SelfAssessment.created_at.desc(), SelfAssessment.id.desc())
        )
    )


def open_record(actor: User, learner: User) -> None:
    """Audit that `actor` opened `learner`'s full record."""
    record("record-viewed", actor=actor, subject=learner)
    db.session.commit()
