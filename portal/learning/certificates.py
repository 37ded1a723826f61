"""Certificates: random verification codes, public verification, PDF from HTML with WeasyPrint."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.learning.models import Certificate

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not mistaken.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP = 4, 4  # 16 characters: 80 random bits


@dataclass(frozen=True)
class Verification:
    """What /verify may say: valid or not (and why not), the printed name, module and date. Nothing else."""

    valid: bool
    module_key: str | None = None
    issued_at: datetime | None = None
    holder: str | None = None  # the name as the certificate prints it
    language: str | None = None  # the language the certificate is printed in
    well_formed: bool = True  # False: what was typed cannot be a code at all


def new_code() -> str:
    """Return a fresh random verification code such as 7KQ2-M9XD-4TBW-H1CE."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP))
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalize_code(text: str) -> str | None:
    """Return a typed code in its stored form, or None if it cannot be one."""
    raw = re.sub(r"[\s-]", "", (text or "").upper()).translate(str.maketrans("ILO", "110"))
    if len(raw) != GROUPS * GROUP or any(c not in ALPHABET for c in raw):
        return None
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def verify(code: str) -> Verification:
    """Check a verification code."""
    normalized = normalize_code(code)
    if normalized is None:
        return Verification(False, well_formed=False)
    found = db.session.execute(
        select(Certificate, User.display_name, User.language)
        .join(User, User.id == Certificate.user_id)
        .where(Certificate.code == normalized)
    ).first()
    if found is None:
        return Verification(False)
    certificate, holder, language = found
    return Verification(True, certificate.module_key, certificate.issued_at, holder, language)


def certificate_pdf(html: str) -> bytes:
    """Render a certificate's self-contained HTML (styles inline) to PDF; nothing is fetched from anywhere."""
    from weasyprint import HTML  # imported here: loading Pango costs time every process would pay at start

    logging.getLogger("weasyprint").setLevel(
        logging.WARNING
    )  # its progress lines say nothing useful in our logs
    return HTML(string=html, url_fetcher=_refuse).write_pdf()


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"certificates load no resources ({url[:40]})")
