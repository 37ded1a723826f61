"""Safe redirects: `?next=` and return links only ever lead to a path inside the portal."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2048


def is_safe_redirect(target: str | None) -> bool:
    """Tell whether `target` is a plain path on this site (no scheme, host, backslash or control char)."""
    if not target or len(target) > MAX_LENGTH:
        return False
    candidate = target
    for _ in range(3):  # judge the encoded forms as a browser might decode them
        if not _plain_local_path(candidate):
            return False
        decoded = unquote(candidate)
        if decoded == candidate:
            return True
        candidate = decoded
    return False


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` when it is safe, else `fallback`."""
    return target if is_safe_redirect(target) else fallback


def _plain_local_path(target: str) -> bool:
    if any(ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in target):
        return False
    if not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
