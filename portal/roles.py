"""The roles people sign in with, as one table: what each may read and manage, and whether it learns.

The access policy (portal/policy.py) and the accounts read this table; a new role is one row here plus its
routes in the policy table.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.content.model import AUDIENCES

EVERY_AUDIENCE = frozenset(AUDIENCES)


@dataclass(frozen=True)
class Role:
    """One role: the content audiences it reads, its rank for managing accounts, drafts, learning."""

    name: str
    label: str  # the role's name in the reader's language (a lazy string)
    audiences: frozenset[str]
    rank: int  # grants and changes roles of this rank and below
    drafts: bool = False  # may preview drafts
    learns: bool = False  # tracked against the matrix's targets and seen by supervisors
    writes: bool = False  # starts drafts of any content path
    translates: bool = False  # starts drafts of translations in the account's own languages
    reviews: bool = False  # publishes drafts or sends them back


# Variants as data, in the order forms list them.
ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        Role("specialist", _l("Specialist"), frozenset({"public", "specialist"}), rank=1, learns=True),
        Role("psychologist", _l("Psychologist"), EVERY_AUDIENCE, rank=1, learns=True),
        Role("supervisor", _l("Supervisor"), EVERY_AUDIENCE, rank=2, learns=True),
        Role("translator", _l("Translator"), EVERY_AUDIENCE, rank=3, drafts=True, translates=True),
        Role("editor", _l("Editor"), EVERY_AUDIENCE, rank=3, drafts=True, writes=True),
        Role("reviewer", _l("Reviewer"), EVERY_AUDIENCE, rank=3, drafts=True, reviews=True),
        Role("admin", _l("Administrator"), EVERY_AUDIENCE, rank=4, drafts=True, writes=True, reviews=True),
    )
}

LEARNERS = frozenset(name for name, role in ROLES.items() if role.learns)
# The learners a supervisor follows: those ranked below supervisors (a supervisor is not their own learner).
SUPERVISED = frozenset(name for name in LEARNERS if ROLES[name].rank < ROLES["supervisor"].rank)
