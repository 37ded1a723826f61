"""Learning load scenario: 100 simulated learners for 60 s against gunicorn (2 workers) and PostgreSQL.

Creates a fresh PostgreSQL database, applies the migrations, creates the learners, starts gunicorn on the
bundled
content, runs bench/learning_locust.py headless, then checks that every write the server acknowledged (lesson
marked read, quiz attempt submitted) is in the database, exactly once. Prints requests/s and the 95th
percentile.
Not part of the test suite.

Usage: python bench/learning.py [--users 100] [--seconds 60] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from servers import ROOT, gunicorn
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(ROOT))


def fresh_database(admin_url: str) -> tuple[str, str]:
    """Create an empty database; return its name and URL."""
    name = f"portal_bench_{secrets.token_hex(4)}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, name: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def prepare(url: str, users: int, password: str) -> None:
    """Apply the migrations and create the learners (one hash for all: hashing is not what is measured)."""
    import logging

    from flask_migrate import upgrade

    logging.getLogger("portal.web.content_loader").setLevel(
        logging.CRITICAL
    )  # content problems are not measured
    logging.getLogger("alembic").setLevel(logging.WARNING)

    from portal import create_app
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x" * 40, "SEARCH_BUILD_ON_START": False})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        hashed = hash_password(password)
        db.session.add_all(
            User(
                email=f"bench-learner-{n}@example.org",
                display_name=f"Learner {n}",
                role="specialist",
                agency="centru",
                password_hash=hashed,
            )
            for n in range(1, users + 1)
        )
        db.session.commit()


def check_writes(url: str, acks_path: Path) -> dict[str, int]:
    """Compare every acknowledged write with the database; return the counts."""
    from portal.accounts.models import User
    from portal.learning.models import LessonProgress, QuizAttempt

    acks = [json.loads(line) for line in acks_path.read_text(encoding="utf-8").splitlines() if line]
    lessons = {(a["email"], a["key"]) for a in acks if a["kind"] == "lesson"}
    attempts = {a["id"]: a["email"] for a in acks if a["kind"] == "attempt"}
    engine = create_engine(url)
    with engine.connect() as connection:
        stored_lessons = set(
            connection.execute(
                select(User.email, LessonProgress.lesson_key).join(User, User.id == LessonProgress.user_id)
            )
        )
        stored_attempts = dict(
            connection.execute(
                select(QuizAttempt.id, User.email)
                .join(User, User.id == QuizAttempt.user_id)
                .where(QuizAttempt.submitted_at.is_not(None))
            ).all()
        )
        duplicates = connection.execute(
            select(func.count()).select_from(
                select(LessonProgress.user_id, LessonProgress.lesson_key)
                .group_by(LessonProgress.user_id, LessonProgress.lesson_key)
                .having(func.count() > 1)
                .subquery()
            )
        ).scalar()
    engine.dispose()
    missing_lessons = lessons - stored_lessons
    missing_attempts = {i for i, email in attempts.items() if stored_attempts.get(i) != email}
    return {
        "acknowledged lesson marks (distinct)": len(lessons),
        "missing lesson marks": len(missing_lessons),
        "acknowledged quiz submissions": len(attempts),
        "missing or foreign attempts": len(missing_attempts),
        "submitted attempts stored": len(stored_attempts),
        "double submits": sum(1 for a in acks if a.get("twice")),
        "duplicate lesson rows": duplicates,
    }


def percentile(histogram: dict[str, int], share: float) -> int:
    """Return the response time (ms) below which `share` of the requests fall, from locust's histogram."""
    counts = sorted((float(bucket), count) for bucket, count in histogram.items())
    wanted, seen = share * sum(count for _, count in counts), 0
    for bucket, count in counts:
        seen += count
        if seen >= wanted:
            return round(bucket)
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "PORTAL_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server URL; a fresh database is created on it and dropped afterwards",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="learning-bench-"))
    password = secrets.token_urlsafe(16) + " bench passphrase"
    name, url = fresh_database(args.database_url)
    acks = tmp / "acks.jsonl"
    env = {
        **os.environ,
        "PORTAL_SECRET_KEY": secrets.token_hex(32),
        "PORTAL_WORKERS": "2",
        "PORTAL_SQLALCHEMY_DATABASE_URI": url,
        "PORTAL_SESSION_COOKIE_SECURE": "false",
        "PORTAL_SEARCH_INDEX_DIR": str(tmp / "search-index"),
        "PORTAL_RATELIMIT_STORAGE_URI": "memory://",
        "PORTAL_LIMIT_PER_CLIENT": "100000 per minute",  # every simulated learner signs in from 127.0.0.1
        "LEARNING_PASSWORD": password,
        "LEARNING_ACKS": str(acks),
    }
    try:
        prepare(url, args.users, password)
        with open(tmp / "gunicorn.log", "w") as log, gunicorn(env, log) as base:
            locust = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    "bench/learning_locust.py",
                    "--headless",
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.spawn_rate),
                    "-t",
                    f"{args.seconds}s",
                    "--host",
                    base,
                    "--json-file",
                    str(tmp / "stats"),
                    "--stop-timeout",
                    "10",
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            (tmp / "locust.log").write_text(locust.stdout + locust.stderr, encoding="utf-8")
            entries = json.loads((tmp / "stats.json").read_text(encoding="utf-8"))
            checks = check_writes(url, acks)
    finally:
        if not args.keep:
            drop_database(args.database_url, name)
    print(f"{args.users} learners, {args.seconds} s, gunicorn 2 workers, PostgreSQL ({name}); logs in {tmp}")
    for entry in sorted(entries, key=lambda e: e["name"]):
        print(
            f"  {entry['method']:<5} {entry['name']:<40} {entry['num_requests']:>6} requests "
            f"{entry['num_failures']:>3} failures  p95 {percentile(entry['response_times'], 0.95):>5} ms"
        )
    requests = sum(e["num_requests"] for e in entries)
    failures = sum(e["num_failures"] for e in entries)
    elapsed = max(e["last_request_timestamp"] for e in entries) - min(e["start_time"] for e in entries)
    merged: dict[str, int] = {}
    for entry in entries:
        for bucket, count in entry["response_times"].items():
            merged[bucket] = merged.get(bucket, 0) + count
    print(
        f"requests/s: {requests / elapsed:.1f} ({requests} requests in {elapsed:.1f} s)   "
        f"p95: {percentile(merged, 0.95)} ms   p99: {percentile(merged, 0.99)} ms   errors: {failures}"
    )
    for label, value in checks.items():
        print(f"  {label}: {value}")
    lost = (
        checks["missing lesson marks"]
        + checks["missing or foreign attempts"]
        + checks["duplicate lesson rows"]
    )
    ok = (
        locust.returncode == 0
        and failures == 0
        and lost == 0
        and checks["submitted attempts stored"] == checks["acknowledged quiz submissions"]
    )
    print(
        "PASS: 0 errors, every acknowledged write is in the database once"
        if ok
        else f"FAIL (locust exit {locust.returncode})\n{locust.stderr[-3000:]}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
