"""Email of notices: each claimed by exactly one process before it is sent, in the recipient's language."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from datetime import datetime
from itertools import groupby

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.accounts import mailer
from portal.accounts.models import User
from portal.content.library import Library
from portal.extensions import db
from portal.notifications.models import Notification, now
from portal.notifications.texts import describe

log = logging.getLogger(__name__)


def pending(since: datetime) -> list[tuple[int, int]]:
    """Return (user id, notice id) of unread notices since `since`, not yet emailed, of users taking email."""
    rows = db.session.execute(
        select(Notification.user_id, Notification.id)
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at >= since,
            User.active.is_(True),
            User.email_notices.is_(True),
        )
        .order_by(Notification.user_id, Notification.id)
    ).all()
    db.session.commit()  # nothing held while other processes claim
    return [(user_id, notice_id) for user_id, notice_id in rows]


def claim(notice_id: int, stamp: datetime) -> bool:
    """Mark a notice as emailed unless another process did first; tell whether this call did (caller commits).

    The database decides: of two processes running this UPDATE at once, exactly one sees a row changed.
    """
    result = db.session.execute(
        update(Notification)
        .where(Notification.id == notice_id, Notification.emailed_at.is_(None))
        .values(emailed_at=stamp)
        .returning(Notification.id)
    )
    return result.first() is not None  # RETURNING, not rowcount: psycopg 3 may report -1 for a rowcount


def _release(notice_ids: list[int], stamp: datetime) -> None:
    """Give back the notices whose mail failed, so that the next run tries them again."""
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(notice_ids), Notification.emailed_at == stamp)
        .values(emailed_at=None)
    )
    db.session.commit()


def message(user: User, notices: list[Notification], library: Library, link: Callable[[str], str]) -> tuple:
    """Return the subject and body of the mail about `notices`, in the user's language.

    The subject names nothing (no module, rating or name): lock screens and shared phones show it.
    """
    lang = user.language
    with force_locale(lang):
        subject = _("New notice on the portal")
        lines = [_("Hello %(name)s,", name=user.display_name), ""]
        lines.append(_("You have new notices on the Violence Response Portal:"))
        lines += [f"- {describe(notice, library, lang)}" for notice in notices]
        lines += ["", _("Read them on the portal: %(link)s", link=link(lang)), ""]
        lines.append(_("To stop these emails, untick the box under “Reminders” on your account page."))
    return subject, "\n".join(lines) + "\n"


def deliver(library: Library, since: datetime, link: Callable[[str], str]) -> int:
    """Email every pending notice once, one message per user; return how many messages were sent.

    `link(lang)` gives the address of the notices page in a language.
    """
    if not mailer.configured():
        return 0
    sent = 0
    for user_id, rows in groupby(pending(since), key=lambda row: row[0]):
        stamp = now()
        claimed = [notice_id for _user, notice_id in rows if claim(notice_id, stamp)]
        db.session.commit()  # the claims are visible to every other process before anything is sent
        if not claimed:
            continue
        user = db.session.get(User, user_id)
        notices = list(
            db.session.scalars(
                select(Notification).where(Notification.id.in_(claimed)).order_by(Notification.id)
            )
        )
        subject, body = message(user, notices, library, link)
        try:
            mailer.send(user.email, subject, body)
        except (smtplib.SMTPException, OSError) as error:
            log.warning("notice mail failed (user %s): %s", user_id, error.__class__.__name__)
            _release(claimed, stamp)
            continue
        sent += 1
    return sent
