"""What the benchmarks share: a free port, and gunicorn started with the portal's production config."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
READY = "/healthz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], log: IO | None = None, wait_seconds: float = 60) -> Iterator[str]:
    """Run gunicorn (portal/gunicorn_conf.py, no access log) on a free port; yield its URL once it answers.

    `env` is the whole environment (PORTAL_WORKERS, the database...); PORTAL_BIND is set here.
    """
    port = free_port()
    config = ["-c", "portal/gunicorn_conf.py", "--access-logfile", "/dev/null"]
    command = [sys.executable, "-m", "gunicorn", *config]
    process = subprocess.Popen(
        [*command, "portal.wsgi:app"],
        cwd=ROOT,
        env={**env, "PORTAL_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                urlopen(base + READY, timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start (exit code {process.poll()})") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
