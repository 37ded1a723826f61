"""Password rules and hashing: the same on every path that sets a password."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 512  # bounds the hashing work; long passphrases are welcome below it
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attacks"

# OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. argon2-cffi's default (64 MiB, 3 passes, 4 lanes)
# costs about four times the CPU, and 100 learners signing in at the start of a class queued behind it.
_hasher = PasswordHasher(memory_cost=19 * 1024, time_cost=2, parallelism=1)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Return a hash to verify against for unknown accounts, so they take as long as known ones."""
    return _hasher.hash("a dummy password nobody will ever type")


def _contains_personal(password: str, user_inputs: list[str]) -> bool:
    """Whether the password holds the account's address or name, or a part of them of 4+ characters."""
    folded = password.casefold()
    parts = set()
    for value in user_inputs:
        value = value.strip().casefold()
        parts.update({value, *value.replace("@", " ").replace(".", " ").split()})
    return any(len(part) >= 4 and part in folded for part in parts)


def password_problem(password: str, user_inputs: list[str] | None = None) -> str | None:
    """Return why a new password is not acceptable, or None; the password is used exactly as typed."""
    user_inputs = [i for i in (user_inputs or []) if i]
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(count)s characters.", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Use at most %(count)s characters.", count=MAX_LENGTH))
    if _contains_personal(password, user_inputs):
        return str(_l("Do not use your name or email address in your password."))
    from zxcvbn import zxcvbn  # loads its dictionaries on first use, not at start-up

    # zxcvbn looks only at the first 100 characters; longer passphrases are strong by length alone.
    result = zxcvbn(password[:100], user_inputs=user_inputs)
    if result["score"] < MIN_SCORE:
        return str(_l("This password is too easy to guess. Try a longer phrase of several unrelated words."))
    return None


def hash_password(password: str) -> str:
    """Return a salted Argon2id hash."""
    return _hasher.hash(password)


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash was made with other parameters than today's (rehash it at the next sign-in)."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash, taking as long when there is no hash."""
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
