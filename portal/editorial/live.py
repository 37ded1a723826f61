"""Making published content live on every process and node, without a restart.

One row in the database (`ContentVersion`) holds the published commit and a counter. Publishing pushes the
commit to CONTENT_REMOTE (when several nodes share one), bumps the counter and reloads this process; every
other process notices the new counter on its next request (at most once every CONTENT_CHECK_SECONDS),
fetches and fast-forwards its clone when there is a remote, and reloads: library, search index, page cache.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, request
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from portal.content.library import Library
from portal.editorial import publishing
from portal.editorial.models import ContentVersion, now
from portal.extensions import db
from portal.searching import service as search_service
from portal.web.content_loader import load_content

log = logging.getLogger(__name__)
_RELOAD_LOCK = threading.Lock()
ROW = 1  # the one row of content_version


class LiveFailed(RuntimeError):
    """The content could not be pushed to or fetched from the remote; the message names the git step."""


@dataclass
class _State:
    """What this process loaded, and when it last asked the database."""

    loaded: int | None  # the counter the library was loaded at; None: unknown (check at the first request)
    head: str | None  # the content repository's HEAD when the library was loaded
    next_check: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def reload_content(app: Flask) -> Library:
    """Re-read the content, swap the new library in, update the search index and drop cached pages.

    Requests already running keep the library they started with (it is immutable); the next ones get the
    new one. Unchanged files come from the render cache, so only changed items are rendered again.
    """
    with _RELOAD_LOCK:
        fresh = load_content(app)
        app.extensions["library"] = fresh
        app.extensions["search_synonyms"] = search_service.synonyms_of(fresh)
        try:
            with _index_lock(app.config["SEARCH_INDEX_DIR"]):  # the other workers of this node share it
                search_service.update(fresh, app.config["SEARCH_INDEX_DIR"])
        except Exception:  # search is optional for every other page
            log.exception("could not update the search index after a content change")
        app.extensions.pop("page_cache", None)
    return fresh


@contextmanager
def _index_lock(index_dir: str) -> Iterator[None]:
    """Hold a file lock beside the search index, so the workers of one node update it one at a time."""
    path = Path(f"{index_dir.rstrip('/')}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stored_version(app: Flask) -> tuple[int, str | None] | None:
    """Return the stored (counter, commit), or None when nothing was announced yet; one small query."""
    with _engine(app).connect() as connection:
        row = connection.execute(
            select(ContentVersion.counter, ContentVersion.commit).where(ContentVersion.id == ROW)
        ).first()
    return (row[0], row[1]) if row else None


def bump(app: Flask, commit: str | None) -> int:
    """Record `commit` as the published content and increase the counter; return the new counter."""
    for _ in range(3):  # two nodes writing the first row at once: one insert wins, the other updates
        try:
            with _engine(app).begin() as connection:
                moved = connection.execute(
                    update(ContentVersion)
                    .where(ContentVersion.id == ROW)
                    .values(counter=ContentVersion.counter + 1, commit=commit, updated_at=now())
                )
                if moved.rowcount == 0:
                    connection.execute(
                        insert(ContentVersion).values(id=ROW, counter=1, commit=commit, updated_at=now())
                    )
                return connection.execute(
                    select(ContentVersion.counter).where(ContentVersion.id == ROW)
                ).scalar_one()
        except IntegrityError:
            continue
    raise LiveFailed("could not record the content version")


def announce(app: Flask, commit: str) -> int:
    """Make a published commit live everywhere: push it (with a remote), bump the version, reload here."""
    root = Path(app.config["CONTENT_DIR"])
    remote = app.config.get("CONTENT_REMOTE")
    if remote:
        with publishing.publishing_lock(root):
            publishing.push(root, remote)
            commit = publishing.head(root) or commit  # replayed on another node's change: a new hash
    counter = bump(app, commit)
    reload_content(app)
    state = _state(app)
    state.loaded, state.head = counter, publishing.head(root)
    return counter


def sync(app: Flask) -> list[str]:
    """Fetch and fast-forward the content from CONTENT_REMOTE; when HEAD moved, bump the version.

    Returns what happened, one line each (the commits and files that came in).
    """
    root = Path(app.config["CONTENT_DIR"])
    remote = app.config.get("CONTENT_REMOTE")
    if not remote:
        raise LiveFailed("CONTENT_REMOTE is not set: there is nothing to sync from")
    with publishing.publishing_lock(root):
        before = publishing.head(root)
        publishing.pull(root, remote)
        after = publishing.head(root)
    stored = stored_version(app)
    if before == after and stored is not None and stored[1] == after:
        return [f"content up to date at {_short(after)}"]
    counter = bump(app, after)
    lines = [f"content {_short(before)} -> {_short(after)}, version {counter}"]
    if before and after and before != after:
        lines += [f"  {line}" for line in publishing.changes(root, before, after)]
    return lines


def check(app: Flask) -> bool:
    """Reload this process when the stored version differs from the one it loaded; return True if it did.

    With a remote, the clone is fetched and fast-forwarded first, under the publishing lock.
    """
    state = _state(app)
    stored = stored_version(app)
    if stored is None or stored[0] == state.loaded:
        return False
    root = Path(app.config["CONTENT_DIR"])
    remote = app.config.get("CONTENT_REMOTE")
    if remote:
        with publishing.publishing_lock(root):
            if publishing.head(root) != stored[1]:
                publishing.pull(root, remote)
    head = publishing.head(root)
    if state.loaded is None and head == state.head:  # the library already is what is on disk
        state.loaded = stored[0]
        return False
    reload_content(app)
    state.loaded, state.head = stored[0], head
    return True


def init_app(app: Flask) -> None:
    """Remember the version the library was loaded at; check for a newer one before requests."""
    root = Path(app.config["CONTENT_DIR"])
    head = publishing.head(root)
    try:
        stored = stored_version(app)
    except Exception:  # no table yet (before `db upgrade`) or no database: check at the first request
        stored = None
    _engine(app).dispose()  # gunicorn forks after this: each worker opens connections of its own
    # A node that was down while others published has the counter but not their commit: check at once.
    loaded = stored[0] if stored is not None and stored[1] in (None, head) else None
    app.extensions["content_version"] = _State(loaded=loaded, head=head)
    if app.config.get("CONTENT_CHECK_SECONDS"):
        app.before_request(lambda: _before_request(app))


def _before_request(app: Flask) -> None:
    """Check the content version at most once every CONTENT_CHECK_SECONDS; never break the request."""
    if request.endpoint == "static":
        return
    state = _state(app)
    moment = time.monotonic()
    if moment < state.next_check or not state.lock.acquire(blocking=False):
        return  # checked recently, or another thread of this process is checking right now
    try:
        state.next_check = moment + float(app.config["CONTENT_CHECK_SECONDS"])
        check(app)
    except Exception as error:  # the page is served from the content this process has
        log.warning("content version check failed (%s): %s", error.__class__.__name__, _safe(error))
    finally:
        state.lock.release()


def _safe(error: Exception) -> str:
    """Describe a failure without what git printed (it may hold a remote's URL with a password)."""
    if isinstance(error, publishing.GitFailed | LiveFailed):  # "git fetch failed: <what git said>"
        return str(error).split(":", 1)[0]
    return "see the database or git configuration"


def _engine(app: Flask) -> Engine:
    """Return the app's database engine (found once; it does not change while the app lives)."""
    engine = app.extensions.get("content_version_engine")
    if engine is None:
        with app.app_context():
            engine = app.extensions["content_version_engine"] = db.engine
    return engine


def _state(app: Flask) -> _State:
    return app.extensions.setdefault("content_version", _State(loaded=None, head=None))


def _short(commit: str | None) -> str:
    return commit[:10] if commit else "(none)"
