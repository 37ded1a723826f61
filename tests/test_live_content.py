"""Published content goes live on every process and every node within seconds, without a restart."""

from __future__ import annotations

import logging
import time
import uuid
from pathlib import Path
from urllib.request import urlopen

import pytest
from editorial_helpers import git
from test_privacy_logs import production_server

from portal import create_app
from portal.editorial import live
from portal.editorial.publishing import Person, publish_file

EDITOR = Person("Ana Editor", "ana@example.org")
REVIEWER = Person("Ion Reviewer", "ion@example.org")
PAGE = "/ro/materials/protection-order"
FILE = "materials/protection-order.ro.md"
OLD_SENTENCE = "Ordonanța de protecție este emisă de instanță."
NEW_SENTENCE = "Ordonanța de protecție se cere și prin heliografie."
SEARCH = "/ro/search?q=heliografie"
TITLE = "Ordonanța de protecție"


def publish(clone: Path) -> str:
    """Publish a new sentence in the protection-order material of `clone`; return the commit."""
    old = (clone / FILE).read_text(encoding="utf-8")
    return publish_file(
        clone,
        FILE,
        old.replace(OLD_SENTENCE, NEW_SENTENCE),
        old,
        author=EDITOR,
        committer=REVIEWER,
        message="Heliografie",
    )


def found(html: str) -> bool:
    """Whether a search results page lists the protection-order material."""
    return "/ro/materials/protection-order" in html


def node(make_app, tmp_path: Path, name: str, content: Path, **overrides):
    """An app on `content` with a search index and render cache of its own, checking every 0.2 s."""
    config = {
        "CONTENT_DIR": str(content),
        "CONTENT_CHECK_SECONDS": 0.2,
        "SEARCH_INDEX_DIR": str(tmp_path / name / "index"),
        "RENDER_CACHE_DIR": str(tmp_path / name / "render-cache"),
    }
    return make_app(**{**config, **overrides})


def test_announcing_on_one_process_makes_the_other_serve_and_find_the_new_text(make_app, tmp_path, content):
    first = node(make_app, tmp_path, "first", content)
    second = node(make_app, tmp_path, "second", content)
    other = second.test_client()
    assert OLD_SENTENCE in other.get(PAGE).get_data(as_text=True)  # now in its page cache too
    assert not found(other.get(SEARCH).get_data(as_text=True))

    live.announce(first, publish(content))
    time.sleep(0.3)  # longer than CONTENT_CHECK_SECONDS

    page = other.get(PAGE).get_data(as_text=True)
    assert NEW_SENTENCE in page and OLD_SENTENCE not in page
    assert found(other.get(SEARCH).get_data(as_text=True))
    assert NEW_SENTENCE in first.test_client().get(PAGE).get_data(as_text=True)


def test_within_the_interval_a_process_keeps_serving_what_it_loaded(make_app, tmp_path, content):
    second = node(make_app, tmp_path, "second", content, CONTENT_CHECK_SECONDS=30)
    other = second.test_client()
    other.get(PAGE)  # the first request checks; the next check is 30 s away
    live.announce(node(make_app, tmp_path, "first", content), publish(content))
    assert OLD_SENTENCE in other.get(PAGE).get_data(as_text=True)


@pytest.fixture
def remote(tmp_path: Path, content: Path) -> Path:
    """A bare repository holding the content, as the nodes' shared git remote."""
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(content), str(bare))
    return bare


def clone(remote: Path, where: Path) -> Path:
    """A node's (or an outsider's) own clone of the remote."""
    git(remote.parent, "clone", "-q", str(remote), str(where))
    git(where, "config", "user.name", "Someone")
    git(where, "config", "user.email", "someone@example.org")
    git(where, "config", "commit.gpgsign", "false")
    return where


def test_a_commit_pushed_from_outside_is_picked_up_by_content_sync(make_app, tmp_path, remote):
    served = node(make_app, tmp_path, "node", clone(remote, tmp_path / "node"), CONTENT_REMOTE=str(remote))
    visitor = served.test_client()
    assert OLD_SENTENCE in visitor.get(PAGE).get_data(as_text=True)

    outside = clone(remote, tmp_path / "outside")
    text = (outside / FILE).read_text(encoding="utf-8")
    (outside / FILE).write_text(text.replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8")
    git(outside, "commit", "-q", "-am", "Fixed by hand")
    git(outside, "push", "-q", "origin", "HEAD")

    cli = create_app(dict(served.config), instance_path=served.instance_path)  # another process: the cron job
    result = cli.test_cli_runner().invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    assert "Fixed by hand" in result.output and f"M\t{FILE}" in result.output

    time.sleep(0.3)
    assert NEW_SENTENCE in visitor.get(PAGE).get_data(as_text=True)
    assert found(visitor.get(SEARCH).get_data(as_text=True))
    again = cli.test_cli_runner().invoke(args=["content", "sync"])
    assert again.exit_code == 0 and "up to date" in again.output


def test_content_sync_without_a_remote_says_so(make_app, tmp_path, content):
    result = node(make_app, tmp_path, "node", content).test_cli_runner().invoke(args=["content", "sync"])
    assert result.exit_code == 1 and "CONTENT_REMOTE is not set" in result.output


def test_a_failing_fetch_does_not_break_pages_and_logs_no_secret(
    make_app, tmp_path, content, caplog, monkeypatch
):
    # Port 9 (discard) refuses the connection at once; the password must never reach the log.
    unreachable_remote = "http://editor:s3cr3t-pass@127.0.0.1:9/content.git"
    served = node(make_app, tmp_path, "node", content, CONTENT_REMOTE=unreachable_remote)
    visitor = served.test_client()
    visitor.get(PAGE)
    live.bump(served, "0" * 40)  # another node announced a commit this one cannot fetch
    time.sleep(0.3)
    # Another test's logging.config call may have disabled loggers that existed then, this one included.
    monkeypatch.setattr(logging.getLogger("portal.editorial.live"), "disabled", False)
    monkeypatch.setattr(logging.getLogger("portal.editorial.live"), "propagate", True)
    with caplog.at_level(logging.WARNING, logger="portal.editorial.live"):
        response = visitor.get(PAGE)
    assert response.status_code == 200 and OLD_SENTENCE in response.get_data(as_text=True)
    assert "content version check failed" in caplog.text
    assert "s3cr3t" not in caplog.text


# The acceptance test: two gunicorn instances sharing PostgreSQL, Redis and a bare git repository.


@pytest.fixture
def fresh_postgres(postgres_url):
    """A new, empty PostgreSQL database on the test server (the servers migrate it), dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"portal_live_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def get(port: int, path: str) -> str:
    with urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return response.read().decode("utf-8")


def test_two_nodes_publish_on_one_serve_and_find_on_the_other_within_5_s(
    tmp_path, remote, fresh_postgres, redis_url
):
    shared = {"PORTAL_SQLALCHEMY_DATABASE_URI": fresh_postgres, "PORTAL_REDIS_URL": redis_url}
    nodes = {}
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        nodes[name] = {
            **shared,
            "PORTAL_CONTENT_DIR": str(clone(remote, folder / "content")),
            "PORTAL_CONTENT_REMOTE": str(remote),
            "PORTAL_INSTANCE_PATH": str(folder / "instance"),
            "PORTAL_WORKERS": "2",
        }
    with (
        production_server(tmp_path / "a", **nodes["a"]) as (port_a, _),
        production_server(tmp_path / "b", **nodes["b"]) as (port_b, log_b),
    ):
        assert OLD_SENTENCE in get(port_b, PAGE) and not found(get(port_b, SEARCH))
        # The publishing node: the same content clone, database and instance folder as server A.
        publisher = create_app(
            {
                "SECRET_KEY": "k" * 40,
                "CONTENT_DIR": nodes["a"]["PORTAL_CONTENT_DIR"],
                "CONTENT_REMOTE": str(remote),
                "SQLALCHEMY_DATABASE_URI": fresh_postgres,
                "REDIS_URL": redis_url,
            },
            instance_path=nodes["a"]["PORTAL_INSTANCE_PATH"],
        )
        started = time.monotonic()
        live.announce(publisher, publish(Path(nodes["a"]["PORTAL_CONTENT_DIR"])))
        announced = time.monotonic() - started

        # Visible once 20 requests in a row (both workers of B) serve the new text and find its word.
        in_a_row, first, visible = 0, None, None
        while time.monotonic() - started < 10:
            if NEW_SENTENCE in get(port_b, PAGE) and found(get(port_b, SEARCH)):
                first = first or time.monotonic() - started
                in_a_row += 1
                if in_a_row == 20:
                    visible = time.monotonic() - started
                    break
            else:
                in_a_row = 0
            time.sleep(0.05)
        print(f"\npublish + announce: {announced:.2f} s; on node B first served and found after {first} s,")
        print(f"by every request (20 in a row, both workers) after {visible} s")
        assert visible is not None and visible < 5, log_b.read_text()[-2000:]
        assert NEW_SENTENCE in get(port_a, PAGE) and found(get(port_a, SEARCH))
        assert git(Path(nodes["b"]["PORTAL_CONTENT_DIR"]), "log", "-1", "--format=%s") == "Heliografie"
