"""Search benchmark: the portal's Whoosh search against SQLite FTS5 on the same 10,000 sections, same run.

Builds the corpus by recombining the sentences of the real content (sections keep their language), indexes it
with `search` and with FTS5, runs the same 200 queries against both (with snippets), and prints p50/p95
latency, their ratio (target: Whoosh p95 at most 2x FTS5 p95), the full build time (target < 30 s) and the
time to update one changed item (target < 1 s).
Usage: python bench/search_bench.py [--sections 10000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import search
from search import Document

ROOT = Path(__file__).resolve().parents[1]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w{4,}")


def sentences_by_language() -> dict[str, list[str]]:
    """Return the plain sentences of the bundled Markdown, by language."""
    found: dict[str, list[str]] = {}
    for path in (ROOT / "content").rglob("*.md"):
        lang = path.name.split(".")[-2]
        text = path.read_text(encoding="utf-8").split("\n---", 2)[-1]
        text = re.sub(r"[#*`>|!\[\]()_-]+", " ", text)
        found.setdefault(lang, []).extend(s.strip() for s in _SENTENCE.split(text) if len(s.split()) > 4)
    return found


def corpus(count: int, rng: random.Random) -> list[Document]:
    """Recombine real sentences into `count` section documents."""
    pool = sentences_by_language()
    languages = sorted(pool)
    docs = []
    for number in range(count):
        lang = languages[number % len(languages)]
        body = " ".join(rng.choice(pool[lang]) for _ in range(rng.randint(6, 14)))
        title = " ".join(rng.choice(pool[lang]).split()[:6])
        docs.append(
            Document(
                id=f"d{number}",
                item_key=f"item{number // 4}@{lang}",
                kind="material",
                lang=lang,
                audience="public",
                title=title,
                heading=title[:30],
                body=body,
                url=f"/{lang}/materials/item{number // 4}#s{number % 4}",
                articles=(number % 81 + 1,),
            )
        )
    return docs


def queries(docs: list[Document], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Pick `count` one- and two-word queries from the corpus vocabulary."""
    picked = []
    while len(picked) < count:
        doc = rng.choice(docs)
        words = _WORD.findall(doc.body)
        if len(words) >= 2:
            picked.append((doc.lang, " ".join(rng.sample(words, rng.choice((1, 2))))))
    return picked


def fts5(docs: list[Document], folder: Path) -> tuple[sqlite3.Connection, float]:
    """Index with SQLite FTS5 (unicode61, diacritics removed); return the connection and build seconds."""
    started = time.perf_counter()
    db = sqlite3.connect(folder / "fts.db")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, heading, body, lang UNINDEXED, url UNINDEXED, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?)", [(d.title, d.heading, d.body, d.lang, d.url) for d in docs]
    )
    db.commit()
    return db, time.perf_counter() - started


def fts5_query(db: sqlite3.Connection, lang: str, text: str) -> list:
    terms = " ".join('"' + word.replace('"', "") + '"' for word in text.split())
    return db.execute(
        "SELECT url, snippet(docs, 2, '<mark>', '</mark>', '…', 20) FROM docs WHERE docs MATCH ? "
        "AND lang = ? ORDER BY bm25(docs, 3.0, 2.0, 1.0) LIMIT 10",
        (terms, lang),
    ).fetchall()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="answers per query; its median time is kept")
    args = parser.parse_args()
    rng = random.Random(7)
    docs = corpus(args.sections, rng)
    asked = queries(docs, args.queries, rng)
    folder = Path(tempfile.mkdtemp())

    started = time.perf_counter()
    search.build_index(docs, folder / "whoosh")
    whoosh_build = time.perf_counter() - started
    db, fts_build = fts5(docs, folder)

    public = frozenset({"public"})
    search.search(str(folder / "whoosh"), asked[0][1], asked[0][0], public)  # open the index once
    whoosh_times, fts_times, whoosh_first, fts_first = [], [], [], []
    for lang, text in asked:  # the engines take turns on each query, so both see the same machine load
        whoosh_runs, fts_runs = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            search.search(str(folder / "whoosh"), text, lang, public)
            whoosh_runs.append(time.perf_counter() - started)
            started = time.perf_counter()
            fts5_query(db, lang, text)
            fts_runs.append(time.perf_counter() - started)
        whoosh_times.append(statistics.median(whoosh_runs))
        fts_times.append(statistics.median(fts_runs))
        whoosh_first.append(whoosh_runs[0])
        fts_first.append(fts_runs[0])

    changed = [
        Document(**{**d.__dict__, "body": d.body + " schimbare"})
        for d in docs
        if d.item_key == docs[0].item_key
    ]
    started = time.perf_counter()
    search.update_item(folder / "whoosh", docs[0].item_key, changed)
    update_seconds = time.perf_counter() - started

    ms = 1000
    print(
        f"corpus: {len(docs)} sections, {len(asked)} queries "
        f"(same for both engines, median of {args.repeat} runs each)"
    )
    print(
        f"whoosh: p50 {statistics.median(whoosh_times) * ms:.1f} ms, "
        f"p95 {percentile(whoosh_times, 0.95) * ms:.1f} ms"
    )
    print(
        f"fts5:   p50 {statistics.median(fts_times) * ms:.1f} ms, "
        f"p95 {percentile(fts_times, 0.95) * ms:.1f} ms"
    )
    print(
        f"ratio p95 whoosh/fts5: {percentile(whoosh_times, 0.95) / percentile(fts_times, 0.95):.2f} "
        "(target <= 2)"
    )
    first_whoosh, first_fts = percentile(whoosh_first, 0.95), percentile(fts_first, 0.95)
    print(
        f"first answers only: whoosh p95 {first_whoosh * ms:.1f} ms, fts5 p95 {first_fts * ms:.1f} ms, "
        f"ratio {first_whoosh / first_fts:.2f}"
    )
    print(f"full build: whoosh {whoosh_build:.1f} s (target < 30 s), fts5 {fts_build:.1f} s")
    print(f"update one item ({len(changed)} sections): {update_seconds:.2f} s (target < 1 s)")


if __name__ == "__main__":
    main()
