"""Page-serving benchmark: a guide section page against a trivial route of the same app, same run.

Starts gunicorn with 2 workers on the bundled content, loads both routes with wrk, prints requests/s of each
and their ratio (target >= 0.6), and the app's start-up time with the bundled content (target < 2 s).
Usage: python bench/pages.py [--seconds 10] [--connections 16]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.request import urlopen

from servers import ROOT, gunicorn

SECTION = "/ro/guides/istanbul-convention/risk-assessment"
TRIVIAL = "/healthz"


def startup_seconds(runs: int = 5) -> tuple[float, float]:
    """Return how long create_app() takes with the bundled content: first with an empty render cache, then the
    median of `runs` starts that find it filled (a restart with unchanged content)."""
    cache = tempfile.mkdtemp()
    code = (
        "import sys, time; t=time.perf_counter(); from portal import create_app; "
        "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'RENDER_CACHE_DIR': sys.argv[1]}); "
        "print(time.perf_counter()-t)"
    )

    def start() -> float:
        done = subprocess.run(
            [sys.executable, "-c", code, cache], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return float(done.stdout.split()[-1])

    try:
        cold = start()
        warm = sorted(start() for _ in range(runs))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return cold, warm[len(warm) // 2]


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} failed responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--page", default=SECTION, help="the content page to load (default: a guide section)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "PORTAL_SECRET_KEY": "b" * 40,
        "PORTAL_WORKERS": "2",
        "PORTAL_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
    }
    with gunicorn(env) as base:
        assert urlopen(base + args.page).status == 200
        wrk(base + args.page, 2, args.connections)  # warm both workers' caches
        trivial = wrk(base + TRIVIAL, args.seconds, args.connections)
        section = wrk(base + args.page, args.seconds, args.connections)
    cold, warm = startup_seconds()
    print(f"trivial route {TRIVIAL}: {trivial:.0f} requests/s")
    print(f"content page {args.page}: {section:.0f} requests/s")
    print(f"ratio page/trivial: {section / trivial:.2f} (target >= 0.6)")
    print(
        f"start-up with bundled content: {warm:.2f} s (median of 5 restarts; target < 2 s), "
        f"{cold:.2f} s the first time (empty render cache)"
    )


if __name__ == "__main__":
    main()
