"""Search that degrades instead of dying: damaged segments, searchers replaced under load, ş/ș alike."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import search
from search import Document, build_index, store, update_item

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = frozenset({"public"})


def doc(key: str, lang: str, title: str, body: str) -> Document:
    return Document(
        id=f"{key}@{lang}#",
        item_key=f"{key}@{lang}",
        kind="material",
        lang=lang,
        audience="public",
        title=title,
        heading="",
        body=body,
        url=f"/{lang}/{key}",
        articles=(),
    )


def test_a_truncated_segment_is_reported_and_the_process_lives_on(tmp_path):
    root = tmp_path / "index"
    words = " ".join(f"cuvant{n}" for n in range(4000))
    build_index([doc(f"m/{n}", "ro", f"Titlu {n}", words) for n in range(40)], root)
    # In a child process, as in a worker: the index is open, then its segment files shrink under it (a full
    # disk, a broken copy). A memory-mapped read past the new end would kill it with SIGBUS (exit -7).
    script = textwrap.dedent(
        f"""
        import os, pathlib, search
        public = frozenset({{"public"}})
        print(search.search({str(root)!r}, "cuvant1", "ro", public).total)
        for segment in pathlib.Path({str(root)!r}).rglob("*.seg"):
            os.truncate(segment, segment.stat().st_size // 3)
        for word in ("cuvant3999", "cuvant2500", "titlu"):
            try:
                search.search({str(root)!r}, word, "ro", public)
                print("answered")
            except search.SearchUnavailable:
                print("unavailable")
        print("alive")
        """
    )
    child = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert child.returncode == 0, child.stderr[-2000:]
    lines = child.stdout.split()
    assert lines[0] == "40" and lines[-1] == "alive" and "unavailable" in lines
    # the next build repairs it
    build_index([doc("m/0", "ro", "Titlu", "ordonanța de protecție")], root)
    store._readers.clear()
    assert search.search(str(root), "ordonanta", "ro", PUBLIC).total == 1


def test_a_replaced_searcher_is_closed_once_its_last_user_is_done(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "RECHECK_SECONDS", 0.0)
    root = tmp_path / "index"
    build_index([doc("m/a", "en", "First", "shelter")], root)
    with store.current_searcher(root) as first:
        # a new build swapped in while this request still reads the old one
        build_index([doc("m/a", "en", "First", "shelter"), doc("m/b", "en", "Second", "shelter")], root)
        with store.current_searcher(root) as second:
            assert second is not first
            # the first is still being read by this request: not closed under its feet
            assert not first.is_closed and first.doc_count() == 1
        assert second.doc_count() == 2
    assert first.is_closed
    with store.current_searcher(root) as third:
        assert third is second and not second.is_closed


def test_searches_from_many_threads_while_the_index_changes_never_fail(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "RECHECK_SECONDS", 0.0)
    root = tmp_path / "index"
    build_index([doc("m/a", "en", "First", "shelter")], root)
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                assert search.search(str(root), "shelter", "en", PUBLIC).total >= 1
            except BaseException as error:  # noqa: BLE001 - any failure is what this test looks for
                errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    for n in range(15):
        update_item(root, f"m/{n}@en", [doc(f"m/{n}", "en", f"Item {n}", "shelter")])
        time.sleep(0.01)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []


def test_cedilla_and_comma_letters_match_in_every_language(tmp_path):
    root = tmp_path / "index"
    docs = [
        doc("m/ro", "ro", "Ordonanţă", "Ştefan Vodă, Căuşeni"),  # cedilla forms, as old keyboards type them
        doc("m/ru", "ru", "Ordonanță", "Район Ștefan Vodă"),  # comma forms in Cyrillic text
        doc("m/uk", "uk", "Ordonanţă", "Район Ştefan Vodă"),
        doc("m/en", "en", "Ordonanță", "Ștefan Vodă district"),
    ]
    build_index(docs, root)
    for typed in ("ordonanță", "ordonanţă", "ordonanta"):
        for lang in ("ro", "ru", "uk", "en"):
            found = search.search(str(root), typed, lang, PUBLIC)
            assert [hit.url for hit in found.hits] == [f"/{lang}/m/{lang}"], (typed, lang)
    everywhere = search.search(str(root), "Ștefan", "ro", PUBLIC, all_languages=True)
    assert sorted(hit.url for hit in everywhere.hits) == ["/en/m/en", "/ro/m/ro", "/ru/m/ru", "/uk/m/uk"]
    # Cyrillic letters keep their marks: й is not и
    assert search.search(str(root), "Раион", "ru", PUBLIC).total == 0
