"""What a notice says, in the current locale (the reader's page, or under force_locale a mail)."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from portal.content.data import pick
from portal.content.library import Library
from portal.content.model import SOURCE_LANGUAGE
from portal.notifications.models import Notification


def module_title(library: Library, key: str, lang: str) -> str:
    """Return a module's title in `lang` where the library has it, else in Romanian, else its key."""
    item = library.get(key, lang) or library.get(key, SOURCE_LANGUAGE)
    return item.title if item else key.rsplit("/", 1)[-1]


def competency_name(library: Library, competency_id: str, lang: str) -> str:
    """Return a competency's name in `lang` (Romanian when it has none), else its id."""
    competency = library.data.matrix.competency(competency_id)
    return pick(competency.name, lang) if competency else competency_id


def describe(notice: Notification, library: Library, lang: str) -> str:
    """Return the sentence that tells the notice."""
    if notice.kind == "rating":
        return _(
            "Your supervisor rated your competency “%(competency)s”.",
            competency=competency_name(library, notice.about, lang),
        )
    module = module_title(library, notice.about, lang)
    day = format_date(notice.due_on, "long") if notice.due_on else ""
    if notice.kind == "assigned" and day:
        return _("The module “%(module)s” was assigned to you, due by %(date)s.", module=module, date=day)
    if notice.kind == "assigned":
        return _("The module “%(module)s” was assigned to you.", module=module)
    if notice.kind == "due":
        return _("The module “%(module)s” is due by %(date)s.", module=module, date=day)
    if notice.kind == "overdue":
        return _(
            "The module “%(module)s” was due by %(date)s and is not completed yet.", module=module, date=day
        )
    return _("Your certificate for the module “%(module)s” was issued.", module=module)
