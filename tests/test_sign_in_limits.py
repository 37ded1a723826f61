"""Sign-in limits stop attackers, not classes: only failures count, keys hold no address, erasure clears.

Each test runs on the in-process counters and on Redis (when it answers), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

import pytest
from accounts_helpers import csrf_token, sign_in

from portal.web.limits import limiter

SECRET = "test-secret-key-that-is-long-enough-0123456789"  # the SECRET_KEY of conftest's make_app


@pytest.fixture(params=["memory", "redis"])
def limited(request, app, make_app, monkeypatch):
    """Return an app limiting 5 failed sign-ins per account, with its counters in memory or in Redis.

    It is made after conftest's `app` (which make_user writes through, on the same database), so that
    the one limiter of the process counts for this app.
    """
    if request.param == "memory":
        app = make_app(LIMIT_PER_ACCOUNT="5 per 15 minutes")
        app.limit_keys = lambda: [str(key) for key in limiter.storage.storage]
        yield app
        return
    redis_url = request.getfixturevalue("redis_url")
    import redis

    prefix = f"test-{uuid.uuid4().hex}"
    monkeypatch.setattr(limiter, "_key_prefix", "")  # the limiter keeps the first prefix it was given
    app = make_app(
        LIMIT_PER_ACCOUNT="5 per 15 minutes", RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_KEY_PREFIX=prefix
    )
    server = redis.Redis.from_url(redis_url)
    app.limit_keys = lambda: [key.decode() for key in server.scan_iter(match=f"*{prefix}*")]
    yield app
    for key in server.scan_iter(match=f"*{prefix}*"):
        server.delete(key)


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of `kind:value` under a key derived from SECRET_KEY, as the README describes it."""
    key = hmac.new(SECRET.encode(), b"portal rate-limit keys", hashlib.sha256).digest()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def test_a_learner_signing_in_again_and_again_is_never_refused(limited, make_user):
    make_user("ana@example.org")
    client = limited.test_client()
    codes = []
    for _ in range(8):
        codes.append(sign_in(client, "ana@example.org").status_code)
        client.post("/ro/logout", data={"csrf_token": csrf_token(client, "/ro/account/")})
    assert codes == [302] * 8


def test_failed_sign_ins_are_still_limited_and_successes_do_not_count_towards_them(limited, make_user):
    make_user("ana@example.org")
    client = limited.test_client()
    assert [sign_in(client, "ana@example.org").status_code for _ in range(3)] == [302] * 3
    wrong = [sign_in(client, "ana@example.org", "wrong password number one").status_code for _ in range(6)]
    assert wrong == [200] * 5 + [429]
    assert sign_in(client, "ana@example.org").status_code == 429  # locked: the right password waits too


def test_no_limit_key_holds_the_address_only_its_keyed_hash(limited, make_user):
    make_user("Ana.Popescu@Example.org")
    client = limited.test_client()
    for _ in range(2):
        sign_in(client, " Ana.Popescu@Example.org ", "wrong password number one")
    keys = limited.limit_keys()
    assert keys, "the failures were counted somewhere"
    text = " ".join(keys).lower()
    assert "popescu" not in text and "example.org" not in text and "@" not in text
    assert "127.0.0.1" not in text  # nor the client's address
    assert any("account:" + keyed_hash("account", "ana.popescu@example.org") in key for key in keys)
    assert any("client:" + keyed_hash("client", "127.0.0.1") in key for key in keys)


def test_erasing_a_learner_removes_their_limit_keys(limited, make_user):
    learner = make_user("ion@example.org", agency="centru")
    make_user("boss@example.org", role="admin")
    attacker = limited.test_client()
    for _ in range(3):
        sign_in(attacker, "ion@example.org", "wrong password number one")
    mine = "account:" + keyed_hash("account", "ion@example.org")
    assert any(mine in key for key in limited.limit_keys())
    admin = limited.test_client()
    assert sign_in(admin, "boss@example.org").status_code == 302
    path = f"/ro/supervision/learners/{learner.id}/erase"
    response = admin.post(path, data={"csrf_token": csrf_token(admin, "/ro/account/"), "confirm": "y"})
    assert response.status_code == 302
    assert not any(mine in key for key in limited.limit_keys())
    assert any("client:" in key for key in limited.limit_keys())  # the client's own counter is not theirs


def test_a_class_signing_in_from_one_address_is_never_refused(make_user, make_app):
    app = make_app(LIMIT_PER_CLIENT="4 per 15 minutes")  # made last: the process's limiter counts for it
    learners = [make_user(f"learner{i}@example.org").email for i in range(6)]
    codes = [sign_in(app.test_client(), email).status_code for email in learners]
    assert codes == [302] * 6
    client = app.test_client()
    wrong = [sign_in(client, f"x{i}@example.org", "wrong password one").status_code for i in range(5)]
    assert wrong == [200] * 4 + [429]  # failures from that address still count
