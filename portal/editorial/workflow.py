"""The editorial workflow as plain functions: start, save, submit, send back, retract, publish a draft.

States: draft -> pending -> published, with pending -> draft (sent back with a comment) and
draft/pending -> retracted. Each step records a Transition and an audit event in the same transaction
as the change, and commits it; a refused step raises NotAllowed and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy import text as sql

from portal.accounts.audit import record
from portal.accounts.models import User
from portal.content.images import MARKDOWN_IMAGE, local_name
from portal.content.model import SOURCE_LANGUAGE
from portal.editorial import kept_ids, publishing, translations
from portal.editorial.models import Draft, DraftImage, Transition, now
from portal.editorial.paths import check_path, resolve
from portal.editorial.publishing import Person
from portal.extensions import db
from portal.roles import ROLES

COMMENT = 500
PUBLISH_LOCK = 0x5E_D170  # the PostgreSQL advisory lock publishers take: one publish at a time, every node


class NotAllowed(Exception):
    """The user may not take this step with this draft; the message says why, in the user's language."""


def may_write(user: User, path: str) -> bool:
    """Tell whether `user` may draft the content file `path`: writers any, translators their languages."""
    role = ROLES[user.role]
    if role.writes:
        return True
    lang = check_path(path)
    return role.translates and lang != SOURCE_LANGUAGE and lang in user.translation_languages


def start_draft(user: User, root: Path, path: str) -> Draft:
    """Start a draft of `path` from its published text (or empty, for a new item)."""
    lang = check_path(path)
    if not may_write(user, path):
        if ROLES[user.role].translates:
            raise NotAllowed(str(_l("You translate only into the languages set on your account.")))
        raise NotAllowed(str(_l("You may not edit this content.")))
    target = resolve(root, path)
    base = target.read_bytes().decode("utf-8") if target.is_file() else None
    draft = Draft(path=path, lang=lang, text=base or "", base_text=base, state="draft", author_id=user.id)
    db.session.add(draft)
    _move(draft, "draft", user, "", "draft-started")
    return draft


def save(user: User, draft: Draft, text: str, *, minor: bool = False, comment: str | None = None) -> Draft:
    """Keep the new text of a draft being written (and whether it is a minor fix, and its comment)."""
    _may_edit(user, draft)
    _in_state(draft, "draft")
    draft.text, draft.minor, draft.updated_at = text, minor, now()
    if comment is not None:
        draft.comment = comment.strip()[:COMMENT]
    _commit()
    return draft


def rebase(user: User, draft: Draft, published: str | None) -> Draft:
    """Base a draft on the text published now (after a conflict); its own text stays until saved."""
    _may_edit(user, draft)
    _in_state(draft, "draft")
    draft.base_text, draft.updated_at = published, now()
    _commit()
    return draft


def keep(
    user: User,
    root: Path,
    path: str,
    draft: Draft | None,
    text: str,
    *,
    comment: str = "",
    review: bool = False,
) -> Draft:
    """Save `text` as the user's draft of `path` (started if there is none); submit it for review if asked."""
    if draft is None:
        draft = start_draft(user, root, path)
    save(user, draft, text, comment=comment)
    if review:
        submit(user, draft)
    return draft


def submit(user: User, draft: Draft, comment: str = "") -> Draft:
    """Ask for review: the draft waits in the reviewers' queue."""
    _may_edit(user, draft)
    _in_state(draft, "draft")
    _move(draft, "pending", user, comment, "draft-submitted")
    return draft


def send_back(reviewer: User, draft: Draft, comment: str) -> Draft:
    """Return a pending draft to its writer with the reviewer's comment, which is required."""
    _reviews(reviewer)
    _in_state(draft, "pending")
    if not (comment or "").strip():
        raise NotAllowed(str(_l("Say what should change: a comment is required to send a draft back.")))
    _move(draft, "draft", reviewer, comment, "draft-sent-back")
    return draft


def retract(user: User, draft: Draft, comment: str = "") -> Draft:
    """Withdraw a draft that is being written or waits for review; it will not be published."""
    if not (draft.author_id == user.id or ROLES[user.role].writes or ROLES[user.role].reviews):
        raise NotAllowed(str(_l("Only the draft's author, an editor or a reviewer may withdraw it.")))
    _in_state(draft, "draft", "pending")
    _move(draft, "retracted", user, comment, "draft-retracted")
    return draft


def publish(
    reviewer: User, draft: Draft, root: Path, *, allow_self_publish: bool = False, comment: str = ""
) -> str:
    """Publish a pending draft: write, check and commit its file, record it; return the commit's hash.

    Four-eyes: nobody publishes a draft they wrote, unless `allow_self_publish` (a one-person team).
    Raises publishing.Conflict or publishing.Refused with nothing written and nothing recorded.
    """
    _reviews(reviewer)
    _in_state(draft, "pending")
    if draft.author_id == reviewer.id and not allow_self_publish:
        raise NotAllowed(str(_l("Another reviewer must publish your own change.")))
    dropped = kept_ids.dropped(root, draft.path, draft.text)
    if dropped:
        raise publishing.Refused(tuple(dropped))
    author = db.session.get(User, draft.author_id) if draft.author_id else None
    author = author or reviewer  # the author's account was erased: the reviewer answers for it
    message = (draft.comment or "").strip() or f"Update {draft.path}"
    also = []
    if draft.minor:
        also = translations.minor_updates(root, draft.path, draft.base_text, draft.text)
        kept = ", ".join(path for path, _, _ in also) or "none"
        message = f"{message} (minor)\n\nA minor edit: translations kept up to date: {kept}"

    # Only the uploaded images the text still shows go into the commit, under content/images/.
    shown = images_shown(draft.text)
    files = [
        (f"images/{image.name}", image.data)
        for image in db.session.scalars(select(DraftImage).where(DraftImage.draft_id == draft.id))
        if image.name in shown
    ]

    def record_published(commit: str) -> None:
        # Written only once the commit exists, so the database is locked for a moment, not for the check.
        _move(draft, "published", reviewer, comment, "draft-published", commit=False)
        db.session.execute(delete(DraftImage).where(DraftImage.draft_id == draft.id))  # now in content/
        db.session.commit()

    try:
        if db.engine.dialect.name == "postgresql":  # one publisher across every node, not only this one
            db.session.execute(sql("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISH_LOCK})
            db.session.refresh(draft)  # another reviewer may have published it while this one waited
            _in_state(draft, "pending")
        return publishing.publish_file(
            root,
            draft.path,
            draft.text,
            draft.base_text,
            author=Person(author.display_name, author.email),
            committer=Person(reviewer.display_name, reviewer.email),
            message=message,
            then=record_published,
            also=also,
            files=files,
        )
    except BaseException:
        db.session.rollback()
        raise


def images_shown(text: str) -> set[str]:
    """Return the names of the images `images/<name>` a Markdown text shows."""
    return {name for match in MARKDOWN_IMAGE.finditer(text) if (name := local_name(match[2]))}


def _move(draft: Draft, to_state: str, actor: User, comment: str, event: str, commit: bool = True) -> None:
    from_state = None if draft.id is None else draft.state
    comment = (comment or "").strip()[:COMMENT]
    draft.state, draft.updated_at = to_state, now()
    draft.transitions.append(
        Transition(from_state=from_state, to_state=to_state, actor_id=actor.id, comment=comment)
    )
    db.session.flush()  # the draft's id, for the audit event
    record(event, actor=actor, subject=draft.author_id, detail=f"draft={draft.id} {draft.path}")
    if commit:
        _commit()


def _commit() -> None:
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def _may_edit(user: User, draft: Draft) -> None:
    if draft.author_id != user.id and not ROLES[user.role].writes:
        raise NotAllowed(str(_l("Only the draft's author or an editor may change it.")))
    if not may_write(user, draft.path):
        raise NotAllowed(str(_l("You may not edit this content.")))


def _reviews(user: User) -> None:
    if not ROLES[user.role].reviews:
        raise NotAllowed(str(_l("Only a reviewer may publish a draft or send it back.")))


def _in_state(draft: Draft, *states: str) -> None:
    if draft.state not in states:
        raise NotAllowed(str(_l("This draft is no longer in a state that allows this step.")))
