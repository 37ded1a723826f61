"""Password rules and hashing: the same on every path that sets a password."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 512  # bounds the hashing work; long passphrases are welcome below it
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attacks"

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Return a hash to verify against for unknown accounts, so they take as long as known ones."""
    return _hasher.hash("a dummy password nobody will ever type")


def password_problem(password: str, user_inputs: list[str] | None = None) -> str | None:
    """Return why a new password is not acceptable, or None; the password is used exactly as typed."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(count)s characters.", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Use at most %(count)s characters.", count=MAX_LENGTH))
    from zxcvbn import zxcvbn  # loads its dictionaries on first use, not at start-up

    # zxcvbn looks only at the first 100 characters; longer passphrases are strong by length alone.
    result = zxcvbn(password[:100], user_inputs=[i for i in (user_inputs or []) if i])
    if result["score"] < MIN_SCORE:
        return str(_l("This password is too easy to guess. Try a longer phrase of several unrelated words."))
    return None


def hash_password(password: str) -> str:
    """Return a salted Argon2id hash."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash, taking as long when there is no hash."""
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
