"""A portal with a client per role and a real value for every route argument, for tests walking url_map."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from accounts_helpers import STRONG, csrf_token, sign_in
from editorial_helpers import git
from flask import Flask, url_for
from flask.testing import FlaskClient
from learning_helpers import open_quiz, read_lessons, take_quiz
from sqlalchemy import select

from portal.accounts import operations as accounts
from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.editorial.live import reload_content
from portal.editorial.models import Draft, DraftImage
from portal.extensions import db
from portal.learning.attempts import submit_attempt
from portal.learning.models import Certificate, QuizAttempt
from portal.notifications.models import Notification

# Written out here, not imported: the tests check the app against these.
ROLES = ("anonymous", "specialist", "psychologist", "supervisor", "translator", "editor", "reviewer", "admin")
AGENCY = "centru"  # every role and the learner share it, so supervisors may open the learner's record
CORPUS_IMAGE = "5548608a2850ab86.png"  # tests/corpus/images/, shown by trainings/open-module/intro


@dataclass
class World:
    """An app with one user per role and a specialist learner holding a certificate, built as it is used."""

    app: Flask
    users: dict[str, User] = field(default_factory=dict)
    _clients: dict[str, FlaskClient] = field(default_factory=dict)
    _attempts: dict[str, int] = field(default_factory=dict)
    _learner: User | None = None
    _code: str | None = None
    _invite: str | None = None
    _draft: int | None = None
    _requests: dict[str, int] = field(default_factory=dict)
    _draft_image: str | None = None

    def __post_init__(self) -> None:
        password_hash = hash_password(STRONG)
        with self.app.app_context():
            for role in ROLES[1:]:
                self.users[role] = _add_user(f"{role}@example.org", role, password_hash)

    def client(self, role: str) -> FlaskClient:
        """Return the client of `role`, signed in on first use (anonymous: a client without an account)."""
        if role not in self._clients:
            client = self.app.test_client()
            if role != "anonymous":
                assert sign_in(client, f"{role}@example.org").status_code == 302, role
            self._clients[role] = client
        return self._clients[role]

    def sign_in_again(self, role: str) -> FlaskClient:
        """Drop the client of `role` (its session ended) and return a freshly signed-in one."""
        self._clients.pop(role, None)
        return self.client(role)

    def token(self, role: str) -> str:
        """Return a valid CSRF token of the session of `role`."""
        return csrf_token(self.client(role), "/ro/login")

    @property
    def learner(self) -> User:
        """A specialist of the roles' agency who finished the demo module: the subject of admin routes."""
        if self._learner is None:
            with self.app.app_context():
                self._learner = _add_user("learner@example.org", "specialist", hash_password(STRONG))
            client = self.app.test_client()
            assert sign_in(client, "learner@example.org").status_code == 302
            read_lessons(client)
            self._attempts["learner"], response = take_quiz(self.app, client)
            assert response.status_code == 303
            with self.app.app_context():
                self._code = db.session.scalar(
                    select(Certificate.code).where(Certificate.user_id == self._learner.id)
                )
            assert self._code
        return self._learner

    @property
    def certificate_code(self) -> str:
        """The learner's certificate code, for the public check."""
        self.learner  # noqa: B018 - builds the learner and the certificate
        return self._code

    @property
    def invite_token(self) -> str:
        """A real one-time link token of an account that has no password yet."""
        if self._invite is None:
            with self.app.app_context():
                _, self._invite = accounts.create_user(
                    accounts.SYSTEM,
                    accounts.NewAccount("invited@example.org", "Invited", "specialist", None),
                    [],
                )
        return self._invite

    def account_request(self, key: str) -> int:
        """The id of a waiting request for a specialist account at the roles' agency, one per `key`."""
        if key not in self._requests:
            from portal.accounts.requests import AccountRequest

            with self.app.app_context():
                entry = AccountRequest(
                    name="Requested " + key.title(),
                    email=f"requested-{key}@example.org",
                    agency=AGENCY,
                    role="specialist",
                    language="ro",
                )
                db.session.add(entry)
                db.session.commit()
                self._requests[key] = entry.id
        return self._requests[key]

    def with_mail(self) -> None:
        """Configure a mail server (under TESTING, Flask-Mailman keeps the messages in memory)."""
        self.app.config["MAIL_SERVER"] = "smtp.example.org"

    @property
    def draft(self) -> int:
        """The id of an editor's draft of a Romanian material (the translator may not edit it)."""
        if self._draft is None:
            with self.app.app_context():
                draft = Draft(
                    path="materials/protection-order.ro.md",
                    lang="ro",
                    text="---\ntitle: T\n---\n\nText.\n",
                    base_text=None,
                    state="draft",
                    author_id=self.users["editor"].id,
                )
                db.session.add(draft)
                db.session.commit()
                self._draft = draft.id
        return self._draft

    @property
    def draft_image(self) -> str:
        """The file name of an image uploaded to the editor's draft (the corpus's own image, re-used)."""
        if self._draft_image is None:
            with self.app.app_context():
                db.session.add(
                    DraftImage(draft_id=self.draft, name=CORPUS_IMAGE, data=b"not read here", alt="Schemă")
                )
                db.session.commit()
            self._draft_image = CORPUS_IMAGE
        return self._draft_image

    def translate_into(self, languages: str) -> None:
        """Let the world's translator translate into `languages` (e.g. "ru"); by default it has none."""
        with self.app.app_context():
            db.session.get(User, self.users["translator"].id).languages = languages
            db.session.commit()

    def translate_cover(self, module: str, lang: str) -> None:
        """Publish a translation of a module's cover (a copy of the Romanian one) in a copied corpus."""
        root = Path(self.app.config["CONTENT_DIR"])
        assert not root.resolve().is_relative_to(Path(__file__).resolve().parent), (
            "only in a copy of the corpus"
        )
        folder = root / "trainings" / module
        (folder / f"index.{lang}.md").write_text((folder / "index.ro.md").read_text("utf-8"), "utf-8")
        reload_content(self.app)

    def submit_draft(self) -> None:
        """Make the editor's draft a change of the published material, waiting for review."""
        path = Path(self.app.config["CONTENT_DIR"]) / "materials/protection-order.ro.md"
        published = path.read_text(encoding="utf-8")
        with self.app.app_context():
            draft = db.session.get(Draft, self.draft)
            draft.base_text, draft.state = published, "pending"
            draft.text = published.replace("Până la trei luni.", "Până la un an.")
            db.session.commit()

    def notice(self, role: str) -> int:
        """Return the id of a new unread notice of the role's own (anonymous: the learner's)."""
        owner = self.learner if role == "anonymous" else self.users[role]
        with self.app.app_context():
            count = db.session.query(Notification).count()
            notice = Notification(
                user_id=owner.id,
                kind="certificate",
                key=f"certificate:{count + 1}",
                about="trainings/demo-module",
            )
            db.session.add(notice)
            db.session.commit()
            return notice.id

    def attempt(self, role: str) -> int:
        """Return an attempt of the role's own (anonymous: the learner's), opened as the app offers it."""
        if role == "anonymous":
            self.learner  # noqa: B018
            return self._attempts["learner"]
        if role not in self._attempts:
            self._attempts[role] = open_quiz(self.client(role))
        return self._attempts[role]

    def submit_open_attempts(self) -> None:
        """Submit every open quiz attempt, so that asking for the quiz page would have to open a new one."""
        with self.app.app_context():
            library = self.app.extensions["library"]
            for attempt in db.session.scalars(select(QuizAttempt).where(QuizAttempt.submitted_at.is_(None))):
                submit_attempt(library, db.session.get(User, attempt.user_id), attempt, {})

    def history_path(self, role: str) -> str:
        """Return a content file with git history the role may see: translators get Russian, set as theirs."""
        if role != "translator":
            return "materials/protection-order.ro.md"
        self.translate_into("ru")
        return "materials/protection-order.ru.md"

    def history_commit(self, role: str) -> str:
        """Return the newest commit of the file history_path gives `role`: a version it may restore."""
        path = self.history_path(role)
        return git(Path(self.app.config["CONTENT_DIR"]), "log", "-1", "--format=%H", "--", path)

    def path(self, endpoint: str, role: str) -> str:
        """Return the path of `endpoint` with real arguments, as `role` would follow it."""
        values = {name: value(self, role) for name, value in ARGUMENTS.get(endpoint, {}).items()}
        with self.app.test_request_context():
            if self.app.url_map.is_endpoint_expecting(endpoint, "lang"):
                values["lang"] = "ro"
            return url_for(endpoint, **values)


def _add_user(email: str, role: str, password_hash: str) -> User:
    user = User(
        email=email,
        display_name=email.split("@")[0].title(),
        role=role,
        agency=AGENCY,
        language="ro",
        password_hash=password_hash,
    )
    db.session.add(user)
    db.session.commit()
    db.session.refresh(user)
    db.session.expunge(user)
    return user


def _fixed(value: str) -> Callable[[World, str], str]:
    return lambda world, role: value


# Real values for every route argument: an item of the test corpus each route can show, real ids and tokens.
ARGUMENTS: dict[str, dict[str, Callable[[World, str], object]]] = {
    "static": {"filename": _fixed("css/site.css")},
    "pages.material": {"slug": _fixed("protection-order")},
    "pages.guide": {"guide": _fixed("demo-guide")},
    "pages.section": {"guide": _fixed("demo-guide"), "section": _fixed("first-steps")},
    "pages.module": {"module": _fixed("open-module")},
    "pages.lesson": {"module": _fixed("open-module"), "lesson": _fixed("intro")},
    "convention.article": {"number": _fixed("53")},
    "translations.desk": {"target": _fixed("ru")},
    # The world's translator has no languages on the account: the view refuses it every translation.
    # (history_path gives it Russian for the history routes, so this path takes that back first).
    "translations.edit": {
        "target": lambda world, role: (role == "translator" and world.translate_into("")) or "ru",
        "key": _fixed("materials/protection-order"),
    },
    "translations.quiz": {
        "target": lambda world, role: (role == "translator" and world.translate_into("")) or "ru",
        "module": _fixed("demo-module"),
    },
    "auth.set_password": {"token": lambda world, role: world.invite_token},
    "account_requests.approve_request": {"request_id": lambda world, role: world.account_request("approve")},
    "account_requests.decline_request": {"request_id": lambda world, role: world.account_request("decline")},
    "admin.edit_user": {"user_id": lambda world, role: world.learner.id},
    "admin.reset_link": {"user_id": lambda world, role: world.learner.id},
    "quizzes.edit": {"module": _fixed("demo-module")},
    "learning.start": {"training": _fixed("demo-module")},
    "learning.lesson_done": {"training": _fixed("demo-module"), "lesson": _fixed("first-lesson")},
    "learning.quiz": {"training": _fixed("demo-module")},
    "learning.attempt": {"attempt_id": lambda world, role: world.attempt(role)},
    "learning.certificate": {"training": _fixed("demo-module")},
    "notifications.read": {"notice_id": lambda world, role: world.notice(role)},
    "supervision.learner": {"user_id": lambda world, role: world.learner.id},
    "supervision.rate_learner": {"user_id": lambda world, role: world.learner.id},
    "supervision.erase": {"user_id": lambda world, role: world.learner.id},
    "drafts.edit": {"draft_id": lambda world, role: world.draft},
    "drafts.image": {
        "draft_id": lambda world, role: world.draft,
        "name": lambda world, role: world.draft_image,
    },
    "images.image": {"name": _fixed(CORPUS_IMAGE)},
    "review.publish": {"draft_id": lambda world, role: world.draft},
    "review.send_back": {"draft_id": lambda world, role: world.draft},
    "verification.verify": {"code": lambda world, role: world.certificate_code},
    "history.versions": {"path": lambda world, role: world.history_path(role)},
    "history.diff": {"path": lambda world, role: world.history_path(role)},
    "history.restore": {"path": lambda world, role: world.history_path(role)},
}


def snapshot(app: Flask) -> dict[str, list[tuple]]:
    """Return every row of every table, so that any insert, update or delete shows as a difference."""
    with app.app_context():
        with db.engine.connect() as connection:
            return {
                table.name: sorted(tuple(map(repr, row)) for row in connection.execute(table.select()))
                for table in db.metadata.sorted_tables
            }


def changes(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> dict[str, str]:
    """Describe, per table, the rows a request added and removed (an update is one of each)."""
    described = {}
    for name in before:
        added = [row for row in after[name] if row not in before[name]]
        removed = [row for row in before[name] if row not in after[name]]
        if added or removed:
            described[name] = f"{len(before[name])} -> {len(after[name])} rows, +{added} -{removed}"
    return described


def csrf_refusals(monkeypatch) -> list[str]:
    """Record the reason of every request the app's CSRF protection refuses, and refuse it as before."""
    from flask_wtf.csrf import CSRFError

    from portal.extensions import csrf

    reasons: list[str] = []

    def refuse(reason: str):
        reasons.append(reason)
        raise CSRFError(reason)

    monkeypatch.setattr(csrf, "_error_response", refuse)
    return reasons


def location_path(response) -> str:
    """Return the path a redirect leads to, without its query string."""
    return re.sub(r"\?.*", "", response.headers.get("Location", ""))
