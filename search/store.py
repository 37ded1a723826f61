"""Index lifecycle on disk: fresh builds swapped in atomically, incremental updates, readers that follow.

Layout under the root folder: `builds/<name>/` holds one complete Whoosh index; `CURRENT` names the build in
use and is replaced with os.replace, so a reader sees the old build or the new one, never half of one. A build
killed half-way leaves only an unused folder, removed by the next build. One writer at a time: builds and
updates take an exclusive POSIX record lock (released when its process dies), waiting at most LOCK_TIMEOUT
seconds. Builds write in the calling process: Whoosh's multiprocessing writer was no faster on two cores
(10,000 sections: 26-27 s against 17-19 s) and its sub-writers outlived a killed build, blocked forever.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from search.document import Document
from search.schema import build_schema

LOCK_TIMEOUT = 10.0
RECHECK_SECONDS = 2.0


class SearchUnavailable(RuntimeError):
    """The index is missing, corrupt or busy; pages other than search keep working."""


def index_exists(root: str | Path) -> bool:
    """Tell whether a built index is in place."""
    current = Path(root) / "CURRENT"
    return current.exists() and (Path(root) / "builds" / current.read_text().strip()).is_dir()


def _fields(doc: Document) -> dict:
    lang = doc.lang
    return {
        "id": doc.id,
        "item_key": doc.item_key,
        "kind": doc.kind,
        "lang": lang,
        "audience": doc.audience,
        "url": doc.url,
        "title": doc.title,
        "heading": doc.heading,
        "articles": ",".join(str(a) for a in doc.articles),
        "competencies": ",".join(doc.competencies),
        f"title_{lang}": f"{doc.title} {doc.heading}",
        f"body_{lang}": doc.body,
    }


_local_writer = threading.Lock()  # POSIX record locks do not exclude threads of one process


@contextmanager
def _writer_lock(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    if not _local_writer.acquire(timeout=LOCK_TIMEOUT):
        raise SearchUnavailable("another thread is writing the index")
    try:
        with _file_lock(root):
            yield
    finally:
        _local_writer.release()


@contextmanager
def _file_lock(root: Path) -> Iterator[None]:
    with open(root / "write.lock", "w") as handle:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SearchUnavailable("another process is writing the index") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


def build_index(documents: Iterable[Document], root: str | Path) -> Path:
    """Build a complete new index and make it current; return its folder."""
    root = Path(root)
    with _writer_lock(root):
        name = f"{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        folder = root / "builds" / name
        folder.mkdir(parents=True)
        index = _storage(folder).create_index(build_schema())
        writer = index.writer(limitmb=512)
        for doc in documents:
            writer.add_document(**_fields(doc))
        writer.commit()
        index.close()
        temporary = root / f"CURRENT.{name}"
        temporary.write_text(name)
        os.replace(temporary, root / "CURRENT")
        _remove_old_builds(root, keep=name)
        return folder


def update_item(root: str | Path, item_key: str, documents: Iterable[Document]) -> None:
    """Replace the documents of one item (all its sections in one language) in the current index."""
    root = Path(root)
    with _writer_lock(root):
        index = _open(root)
        writer = index.writer()
        writer.delete_by_term("item_key", item_key)
        for doc in documents:
            writer.add_document(**_fields(doc))
        writer.commit()
        index.close()


def write_manifest(root: str | Path, text: str) -> None:
    """Replace `root/manifest.json` under the writer lock, through a temporary file of this call's own."""
    root = Path(root)
    with _writer_lock(root):
        temporary = root / f"manifest.json.{uuid.uuid4().hex}"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, root / "manifest.json")


def _remove_old_builds(root: Path, keep: str) -> None:
    builds = sorted(p for p in (root / "builds").iterdir() if p.is_dir() and p.name != keep)
    for old in builds[:-1]:  # keep the previous build a little longer for readers that still hold it
        shutil.rmtree(old, ignore_errors=True)
    for stray in root.glob("CURRENT.*"):
        stray.unlink(missing_ok=True)


def _storage(folder: Path) -> FileStorage:
    # Read files instead of mapping them: a truncated segment then raises an error Python can catch, where a
    # mapped one kills the worker with SIGBUS on the first page it touches past the end.
    return FileStorage(str(folder), supports_mmap=False)


def _open(root: Path):
    try:
        name = (root / "CURRENT").read_text().strip()
        return _storage(root / "builds" / name).open_index()
    except Exception as error:  # missing, partial or corrupt: one clear error for the caller
        raise SearchUnavailable(str(error)) from error


@dataclass
class _Reader:
    name: str
    searcher: Searcher
    checked: float
    users: int = 0  # requests searching with it now
    retired: bool = False  # replaced by a newer one: closed when its last user is done


# One reader per index and thread: files are read, not mapped, and a Whoosh searcher reading a file is not
# safe to share between threads (they would move one file position under each other).
_readers: dict[tuple[Path, int], _Reader] = {}
_readers_lock = threading.Lock()


@contextmanager
def current_searcher(root: str | Path) -> Iterator[Searcher]:
    """Lend a searcher on the current build, reopened when another process swaps or updates it.

    Each thread has its own searcher; one replaced while still in use (a nested call) is closed by its last
    user, never under its feet. Files are read, not memory-mapped, so a truncated segment raises instead of
    killing the process with SIGBUS.
    """
    key = (Path(root), threading.get_ident())
    with _readers_lock:
        reader = _readers.get(key)
        if reader is None or time.monotonic() - reader.checked >= RECHECK_SECONDS:
            reader = _fresh(key, reader)
        reader.users += 1
    try:
        yield reader.searcher
    finally:
        with _readers_lock:
            reader.users -= 1
            if reader.retired and reader.users == 0:
                reader.searcher.close()


def recheck_now(root: str | Path) -> None:
    """Make this process's searchers on `root` look for a newer index at their next search."""
    root = Path(root)
    with _readers_lock:
        for (folder, _thread), reader in _readers.items():
            if folder == root:
                reader.checked = float("-inf")


def _open_searcher(root: Path, attempts: int = 3) -> Searcher:
    """Open a searcher on the current build, retrying while a writer removes an old table of contents."""
    for attempt in range(attempts):
        try:
            return _open(root).searcher()
        except FileNotFoundError as error:
            if attempt == attempts - 1:
                raise SearchUnavailable(str(error)) from error
            time.sleep(0.02)
        except SearchUnavailable as error:
            if not isinstance(error.__cause__, FileNotFoundError) or attempt == attempts - 1:
                raise
            time.sleep(0.02)
        except Exception as error:
            raise SearchUnavailable(str(error)) from error
    raise SearchUnavailable("the index could not be opened")


def _fresh(key: tuple[Path, int], old: _Reader | None) -> _Reader:
    """Return the reader this thread uses from now on (the caller holds `_readers_lock`)."""
    root = key[0]
    now = time.monotonic()
    try:
        name = (root / "CURRENT").read_text().strip()
    except OSError as error:
        raise SearchUnavailable("no search index has been built") from error
    if old and old.name == name:
        try:
            # Whoosh hands the unchanged segments' readers over to the new searcher: the old one must not
            # be closed after this, or it would close them under the new one.
            searcher = old.searcher.refresh()
        except Exception:  # the build vanished under us: open afresh below
            searcher = None
        if searcher is old.searcher:
            old.checked = now
            return old
        if searcher is not None:
            reader = _Reader(name, searcher, now)
            _readers[key] = reader
            return reader
    try:
        searcher = _open_searcher(root)
    except SearchUnavailable:
        if old is None:
            raise
        return old  # a writer is committing: keep the searcher that works and look again next time
    reader = _Reader(name, searcher, now)
    _readers[key] = reader
    if old:
        old.retired = True
        if old.users == 0:
            old.searcher.close()
    return reader
