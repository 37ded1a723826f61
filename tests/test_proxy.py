"""Behind the documented TLS proxy: the real client is counted, HTTPS is pinned; a 405 names its methods."""

from __future__ import annotations

from accounts_helpers import sign_in


def failed_sign_in(client, forwarded_for: str) -> int:
    headers = {"X-Forwarded-For": forwarded_for}
    return sign_in(client, "nobody@example.org", "wrong password number one", headers=headers).status_code


def test_behind_one_proxy_each_visitor_has_their_own_sign_in_limit(make_app):
    app = make_app(TRUSTED_PROXIES=1, LIMIT_PER_CLIENT="2 per 15 minutes", LIMIT_PER_ACCOUNT="100 per minute")
    client = app.test_client()
    assert [failed_sign_in(client, "198.51.100.7") for _ in range(3)] == [200, 200, 429]
    # another visitor behind the same proxy is not locked out by the first one
    assert failed_sign_in(client, "203.0.113.9") == 200


def test_without_a_trusted_proxy_a_forged_forwarded_header_buys_no_new_attempts(make_app):
    app = make_app(LIMIT_PER_CLIENT="2 per 15 minutes", LIMIT_PER_ACCOUNT="100 per minute")
    client = app.test_client()
    assert [failed_sign_in(client, "198.51.100.7") for _ in range(2)] == [200, 200]
    assert failed_sign_in(client, "203.0.113.9") == 429


def test_https_responses_in_production_pin_https(make_app):
    app = make_app()
    app.testing = False
    client = app.test_client()
    secure = client.get("/ro/", base_url="https://portal.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert (
        "Strict-Transport-Security" not in client.get("/ro/").headers
    )  # plain HTTP: the header means nothing


def test_the_scheme_the_proxy_saw_decides_hsts(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    app.testing = False
    response = app.test_client().get("/ro/", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_a_wrong_method_gets_405_with_allow(client):
    response = client.post("/ro/")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert "<html" in response.get_data(as_text=True)  # the translated error page, not a bare body
