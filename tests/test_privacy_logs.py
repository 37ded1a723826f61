"""Access logs under the production server hold no IP address and no query string (so no search terms)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_access_log_has_no_ip_and_no_search_terms(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PORTAL_SECRET_KEY": "k" * 40,
        "PORTAL_BIND": f"127.0.0.1:{port}",
        "PORTAL_WORKERS": "1",
        "PORTAL_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "PORTAL_CONTENT_DIR": str(ROOT / "tests" / "corpus"),
        "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn_conf.py", "portal.wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(100):
                try:
                    urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            urlopen(f"http://127.0.0.1:{port}/ro/materials/protection-order?q=violenta+secreta", timeout=5)
            time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=10)
    text = log.read_text()
    assert '"GET /ro/materials/protection-order"' in text  # the request was logged...
    assert "127.0.0.1 " not in text.replace(f"127.0.0.1:{port}", "")  # ...without the client's address
    assert "secreta" not in text and "q=" not in text
