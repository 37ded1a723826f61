"""The roles people sign in with, as one table: what each may read and manage, and whether it learns.

The access policy (portal/policy.py) and the accounts read this table; a new role is one row here plus its
routes in the policy table.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.content.model import AUDIENCES

EVERY_AUDIENCE = frozenset(AUDIENCES)


@dataclass(frozen=True)
class Role:
    """One role: the content audiences it reads, its rank for managing accounts, drafts, learning."""

    name: str
    audiences: frozenset[str]
    rank: int  # grants and changes roles of this rank and below
    drafts: bool = False  # may preview drafts
    learns: bool = False  # tracked against the matrix's targets and seen by supervisors


# Variants as data, in the order forms list them.
ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        Role("specialist", frozenset({"public", "specialist"}), rank=1, learns=True),
        Role("psychologist", EVERY_AUDIENCE, rank=1, learns=True),
        Role("supervisor", EVERY_AUDIENCE, rank=2, learns=True),
        Role("editor", EVERY_AUDIENCE, rank=3, drafts=True),
        Role("admin", EVERY_AUDIENCE, rank=4, drafts=True),
    )
}

LEARNERS = frozenset(name for name, role in ROLES.items() if role.learns)
