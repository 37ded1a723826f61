"""Production server logs hold no IP address, token, email, query string (search terms) or forged line."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener, urlopen

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def production_server(tmp_path: Path, **variables: str) -> Iterator[tuple[int, Path]]:
    """Serve the test corpus with gunicorn and its production config; yield the port and the log file."""
    port = free_port()
    env = {
        **os.environ,
        "PORTAL_SECRET_KEY": "k" * 40,
        "PORTAL_BIND": f"127.0.0.1:{port}",
        "PORTAL_WORKERS": "1",
        "PORTAL_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "PORTAL_CONTENT_DIR": str(ROOT / "tests" / "corpus"),
        "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"),
        **variables,
    }
    if "PORTAL_REDIS_URL" not in variables:
        env.pop("PORTAL_REDIS_URL", None)  # limits in memory: each test counts its own
    setup = [sys.executable, "-m", "flask", "--app", "portal", "db", "upgrade"]
    subprocess.run(setup, cwd=ROOT, env=env, check=True, capture_output=True)
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
            yield port, log
            time.sleep(0.5)  # let the workers write their last lines
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_gunicorn_access_log_has_no_ip_and_no_search_terms(tmp_path):
    with production_server(tmp_path) as (port, log):
        urlopen(f"http://127.0.0.1:{port}/ro/materials/protection-order?q=violenta+secreta", timeout=5)
    text = log.read_text()
    assert '"GET /ro/materials/protection-order"' in text  # the request was logged...
    assert "127.0.0.1 " not in text.replace(f"127.0.0.1:{port}", "")  # ...without the client's address
    assert "secreta" not in text and "q=" not in text


def raw_request(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        try:
            return sock.recv(1024)
        except OSError:
            return b""


def test_no_log_line_holds_a_token_an_address_an_email_a_search_term_or_a_forged_line(tmp_path):
    # plain HTTP on the loopback: the session cookie must come back for the sign-in form
    variables = {"PORTAL_SESSION_COOKIE_SECURE": "false", "PORTAL_LIMIT_PER_ACCOUNT": "2 per 15 minutes"}
    with production_server(tmp_path, **variables) as (port, log):
        base = f"http://127.0.0.1:{port}"
        # a one-time link, as a learner opens it from the email
        try:
            urlopen(f"{base}/ro/set-password/Tok3nSecretValue9", timeout=5)
        except HTTPError:
            pass
        # an oversized request line carrying a search, and a malformed one
        long_line = b"GET /ro/search?q=cautaresecreta" + b"a" * 6000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
        assert raw_request(port, long_line).startswith(b"HTTP/1.1 414")
        assert raw_request(port, b"GET /ro/search?q=violentasecreta HTTP/1.1 extra\r\n\r\n")[:12] in (
            b"HTTP/1.1 400",
            b"",
        )
        # a path that tries to write a line of its own
        try:
            urlopen(f"{base}/ro/%0aFORGED%20200%20OK", timeout=5)
        except HTTPError:
            pass
        # failed sign-ins until the per-account limit answers (Flask-Limiter logs the key)
        jar = HTTPCookieProcessor(CookieJar())
        browser = build_opener(jar)
        page = browser.open(f"{base}/ro/login", timeout=5).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = urlencode({"email": "ana.secret@example.org", "password": "wrong one", "csrf_token": token})
        codes = []
        for _ in range(3):
            try:
                codes.append(browser.open(f"{base}/ro/login", form.encode(), timeout=5).status)
            except HTTPError as error:
                codes.append(error.code)
        assert codes == [200, 200, 429]
    text = log.read_text()
    assert '"GET /ro/set-password/[token]"' in text  # the link was logged, its token was not
    for secret in ("Tok3nSecretValue9", "cautaresecreta", "violentasecreta", "ana.secret", "example.org"):
        assert secret not in text, secret
    assert "ip=127.0.0.1" not in text and "Invalid request from ip=[address]" in text
    assert re.search(rf"127\.0\.0\.1(?!:{port})", text) is None
    assert not any(line.startswith("FORGED") for line in text.splitlines())
    assert "\\x0aFORGED" in text


def test_ipv6_addresses_go_and_times_stay():
    from portal.web.log_privacy import scrub

    line = "[03/Dec/2026:08:43:57 +0000] from ::1 and 2001:db8::7 at 08:43:57"
    assert scrub(line) == "[03/Dec/2026:08:43:57 +0000] from [address] and [address] at 08:43:57"
