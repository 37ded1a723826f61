"""Cost of the content-version check: the same page with the check on (every 2 s) and off, same run.

Starts two gunicorn servers (2 workers each) on the bundled content and one SQLite database holding a content
version, one with CONTENT_CHECK_SECONDS at its default and one with 0 (off), and loads a guide section on each
with wrk for a few rounds, each starting both servers afresh and alternating which starts and goes first,
so both see the same machine. Prints both rates (median of the rounds) and their ratio (target: the check
costs under 5%, ratio >= 0.95). On a busy machine the rounds swing more than that, so it also times, in this
process, the hook on its own (the path nearly every request takes: the interval has not passed) and the whole
page request through the test client.
Usage: python bench/live_check.py [--seconds 10] [--rounds 4] [--connections 16]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.request import urlopen

from pages import SECTION, wrk
from servers import ROOT, gunicorn

CHECK = {"on": "", "off": "0"}  # CONTENT_CHECK_SECONDS: the default (every 2 s), or never


def server(env: dict[str, str], check_seconds: str):
    """Run gunicorn with CONTENT_CHECK_SECONDS=`check_seconds` (empty: the default); yield its base URL."""
    return gunicorn({**env, "PORTAL_CONTENT_CHECK_SECONDS": check_seconds} if check_seconds else env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--page", default=SECTION)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "PORTAL_SECRET_KEY": "b" * 40,
        "PORTAL_WORKERS": "2",
        "PORTAL_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
        "PORTAL_INSTANCE_PATH": str(tmp / "instance"),
    }
    env.pop("PORTAL_REDIS_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "portal"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    bump = "from portal import create_app; from portal.editorial import live; live.bump(create_app(), None)"
    subprocess.run([sys.executable, "-c", bump], cwd=ROOT, env=env, check=True, capture_output=True)
    rates: dict[str, list[float]] = {"on": [], "off": []}
    try:
        for round_ in range(args.rounds):
            # Neither always starts first nor is always loaded first: with both servers off, the one started
            # first served about 4% fewer requests, a bias of the machine and not of the check.
            order = ("on", "off") if round_ % 2 == 0 else ("off", "on")
            with ExitStack() as stack:
                bases = {name: stack.enter_context(server(env, CHECK[name])) for name in order}
                for base in bases.values():
                    assert urlopen(base + args.page).status == 200
                    wrk(base + args.page, 2, args.connections)  # warm both workers' caches
                for name in order:
                    rates[name].append(wrk(bases[name] + args.page, args.seconds, args.connections))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    on, off = statistics.median(rates["on"]), statistics.median(rates["off"])
    print(f"{args.page}, check every 2 s: {on:.0f} requests/s ({', '.join(f'{r:.0f}' for r in rates['on'])})")
    print(
        f"{args.page}, check off:       {off:.0f} requests/s ({', '.join(f'{r:.0f}' for r in rates['off'])})"
    )
    print(f"ratio on/off: {on / off:.3f} (target >= 0.95)")
    try:
        hook, page = in_process(env, args.page)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"in process: the check {hook * 1e6:.1f} us a request, a page {page * 1e6:.0f} us: {hook / page:.2%}"
    )


def in_process(
    env: dict[str, str], page: str, calls: int = 100_000, requests: int = 2_000
) -> tuple[float, float]:
    """Return the seconds the before-request check and a whole page request take, in this process."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))  # this checkout's portal, whatever the virtualenv has installed
    from portal import create_app
    from portal.editorial import live

    app = create_app()
    client = app.test_client()
    client.get(page)
    with app.test_request_context(page):
        live._before_request(app)  # the first call checks; the next ones find the interval has not passed
        started = time.perf_counter()
        for _ in range(calls):
            live._before_request(app)
        hook = (time.perf_counter() - started) / calls
    started = time.perf_counter()
    for _ in range(requests):
        client.get(page)
    return hook, (time.perf_counter() - started) / requests


if __name__ == "__main__":
    main()
