"""The access policy as one table: every route and the roles that may use it (deny by default)."""

from __future__ import annotations

from flask import Flask, abort, request
from flask_login import current_user

from portal.roles import ROLES

ANONYMOUS = "anonymous"
EVERYONE = frozenset((ANONYMOUS, *ROLES))
SIGNED_IN = frozenset(ROLES)
SUPERVISORS = frozenset(("supervisor", "admin"))
EDITORS = frozenset(("editor", "admin"))
ADMINS = frozenset(("admin",))
HISTORY_READERS = frozenset(("translator", "editor", "reviewer", "admin"))
DRAFT_WRITERS = frozenset(("translator", "editor", "admin"))
WRITERS = frozenset(name for name, role in ROLES.items() if role.writes or role.translates)
REVIEWERS = frozenset(name for name, role in ROLES.items() if role.reviews)
TRANSLATING = frozenset(("translator", "editor", "admin"))  # portal.roles: translates or writes

# Content routes are open to everyone here; each item's audience is checked again in the view.
POLICY: dict[str, frozenset[str]] = {
    "static": EVERYONE,
    "site.root": EVERYONE,
    "site.exit": EVERYONE,
    "site.sitemap": EVERYONE,
    "site.robots": EVERYONE,
    "site.health": EVERYONE,
    "pages.home": EVERYONE,
    "pages.materials": EVERYONE,
    "pages.material": EVERYONE,
    "pages.guides": EVERYONE,
    "pages.guide": EVERYONE,
    "pages.section": EVERYONE,
    "pages.trainings": EVERYONE,
    "pages.module": EVERYONE,
    "pages.lesson": EVERYONE,
    "pages.services": EVERYONE,
    "images.image": EVERYONE,  # the view serves only images of pages the visitor may read
    "convention.index": EVERYONE,
    "convention.article": EVERYONE,
    "search.results": EVERYONE,
    "search.results_json": EVERYONE,
    "search.opensearch": EVERYONE,
    "auth.login": EVERYONE,
    "auth.logout": SIGNED_IN,
    "auth.set_password": EVERYONE,
    "auth.forgot_password": EVERYONE,
    "account_requests.new": EVERYONE,
    # The views keep supervisors to their own agency's requests, for roles they may grant.
    "account_requests.queue": SUPERVISORS,
    "account_requests.approve_request": SUPERVISORS,
    "account_requests.decline_request": SUPERVISORS,
    "account.show": SIGNED_IN,
    "account.change_password": SIGNED_IN,
    "account.change_language": SIGNED_IN,
    "account.logout_everywhere": SIGNED_IN,
    "account.email_notices": SIGNED_IN,
    "admin.users": ADMINS,
    "admin.new_user": ADMINS,
    "admin.edit_user": ADMINS,
    "admin.reset_link": ADMINS,
    "admin.import_users": ADMINS,
    "admin.audit": ADMINS,
    "editor.status": EDITORS,
    # The views keep translators to their own languages; restoring needs a role that writes drafts.
    "history.versions": HISTORY_READERS,
    "history.diff": HISTORY_READERS,
    "history.restore": DRAFT_WRITERS,
    "drafts.start": WRITERS,  # translators: only their languages, checked again in the workflow
    "drafts.new": EDITORS,
    "drafts.edit": WRITERS,
    "drafts.mine": WRITERS,
    # An image uploaded to a draft: to whoever may edit the draft, and to reviewers once it is pending.
    "drafts.image": WRITERS | REVIEWERS,
    "review.queue": REVIEWERS,
    "review.publish": REVIEWERS,
    "review.send_back": REVIEWERS,
    "translations.desk": TRANSLATING,
    "translations.edit": TRANSLATING,  # the view also checks workflow.may_write (a translator's languages)
    "translations.quiz": TRANSLATING,  # likewise
    "datafiles.hotlines": EDITORS,
    "datafiles.services": EDITORS,
    "datafiles.agencies": EDITORS,
    "datafiles.matrix": EDITORS,
    "quizzes.edit": EDITORS,  # the Romanian quiz; writing roles only (workflow.may_write)
    # Every signed-in role may take modules; portal.roles.LEARNERS are the roles tracked and supervised.
    "learning.home": SIGNED_IN,
    "learning.self_assessment": SIGNED_IN,
    "learning.start": SIGNED_IN,
    "learning.lesson_done": SIGNED_IN,
    "learning.quiz": SIGNED_IN,
    "learning.attempt": SIGNED_IN,  # the view also checks the attempt is the learner's own
    "learning.certificate": SIGNED_IN,
    "learning.my_data_json": SIGNED_IN,
    "learning.my_data_csv": SIGNED_IN,
    "supervision.dashboard": SUPERVISORS,  # the views keep supervisors to their own agency
    "supervision.assign": SUPERVISORS,
    "supervision.learner": SUPERVISORS,
    "supervision.rate_learner": SUPERVISORS,
    "supervision.export_csv": SUPERVISORS,
    "supervision.export_xlsx": SUPERVISORS,
    "supervision.erase": ADMINS,
    # Each user sees and marks only their own notices (the views answer 404 for anyone else's).
    "notifications.index": SIGNED_IN,
    "notifications.read": SIGNED_IN,
    "notifications.read_all": SIGNED_IN,
    "verification.verify": EVERYONE,  # shows only validity, printed name, module, date and hours
}


def role_of(user) -> str:
    """Return the policy role of a user or anonymous visitor."""
    return user.role if getattr(user, "is_authenticated", False) else ANONYMOUS


def allowed(endpoint: str | None, role: str) -> bool:
    """Tell whether `role` may use the route `endpoint`; unknown routes are denied."""
    return endpoint is not None and role in POLICY.get(endpoint, frozenset())


def enforce() -> None:
    """Stop a request the policy does not allow: sign-in for anonymous visitors, 404 for everyone else."""
    if request.endpoint is None:
        return  # no route matched: the 404 handler answers
    role = role_of(current_user)
    if allowed(request.endpoint, role):
        return
    if role == ANONYMOUS and request.endpoint in POLICY:
        abort(401)
    abort(404)


def init_app(app: Flask) -> None:
    """Check the policy before every request."""
    app.before_request(enforce)
