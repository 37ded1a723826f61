"""The in-memory page cache: anonymous pages only, one entry per language, never an error page."""

from __future__ import annotations

from collections import Counter

import pytest
from accounts_helpers import sign_in
from flask import template_rendered

from portal import policy
from portal.web.page_cache import cached_page


@pytest.fixture
def renders(app):
    """Count the templates the app renders: a page served from the cache renders none."""
    counted: Counter = Counter()

    def count(sender, template, context, **extra):
        counted[template.name] += 1

    template_rendered.connect(count, app)
    yield counted
    template_rendered.disconnect(count, app)


def test_a_page_is_rendered_once_for_anonymous_visitors_then_served_from_memory(app, renders):
    first = app.test_client().get("/ro/materials/").get_data(as_text=True)
    again = app.test_client().get("/ro/materials/").get_data(as_text=True)
    assert renders["listing.html"] == 1
    assert again == first and "Ordonanța de protecție" in again


def test_a_signed_in_visitor_never_gets_the_anonymous_copy(app, make_user, renders):
    anonymous = app.test_client().get("/ro/trainings/").get_data(as_text=True)
    assert "Curs deschis" in anonymous and "Modul demonstrativ" not in anonymous
    make_user("ana@example.org")
    ana = app.test_client()
    sign_in(ana, "ana@example.org")
    for _ in range(2):
        html = ana.get("/ro/trainings/").get_data(as_text=True)
        assert "Modul demonstrativ" in html and 'action="/ro/logout"' in html
    assert renders["listing.html"] == 3


def test_a_signed_in_page_is_never_kept_for_anonymous_visitors(app, make_user, renders):
    make_user("ana@example.org")
    ana = app.test_client()
    sign_in(ana, "ana@example.org")
    assert "Ana" in ana.get("/ro/materials/").get_data(as_text=True)
    html = app.test_client().get("/ro/materials/").get_data(as_text=True)
    assert renders["listing.html"] == 2
    assert 'action="/ro/logout"' not in html and 'name="csrf_token"' not in html and ">Ana<" not in html


def test_each_language_is_cached_apart(app, renders):
    client = app.test_client()
    romanian, russian = (client.get(f"/{lang}/").get_data(as_text=True) for lang in ("ro", "ru"))
    assert '<html lang="ro">' in romanian and "Ieșire rapidă" in romanian
    assert '<html lang="ru">' in russian and "Быстрый выход" in russian
    assert [client.get(f"/{lang}/").get_data(as_text=True) for lang in ("ro", "ru")] == [romanian, russian]
    assert renders["home.html"] == 2


@pytest.mark.parametrize(
    "path, template",
    [
        ("/ro/materials/no-such-item", "error.html"),
        ("/uk/materials/protection-order", "missing_translation.html"),
    ],
)
def test_a_404_page_is_not_cached(app, renders, path, template):
    client = app.test_client()
    assert [client.get(path).status_code for _ in range(2)] == [404, 404]
    assert renders[template] == 2


def test_a_404_answered_by_a_cached_view_is_not_kept(app, monkeypatch):
    monkeypatch.setitem(policy.POLICY, "gone", policy.EVERYONE)
    calls = []

    @app.get("/ro/gone", endpoint="gone")
    @cached_page
    def gone():
        calls.append(1)
        return "gone for now", 404

    client = app.test_client()
    assert [client.get("/ro/gone").status_code for _ in range(2)] == [404, 404]
    assert len(calls) == 2


def test_a_query_string_is_never_served_from_the_cache(app, renders):
    client = app.test_client()
    client.get("/ro/services")
    client.get("/ro/services?utm=1")
    client.get("/ro/services?utm=2")
    assert renders["services.html"] == 3


def test_the_cache_keeps_only_the_most_recent_pages(make_app):
    app = make_app(PAGE_CACHE_SIZE=2)
    rendered = []

    def count(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(count, app)
    client = app.test_client()
    for path in ("/ro/", "/ru/", "/en/", "/en/", "/ro/"):
        client.get(path)
    template_rendered.disconnect(count, app)
    assert rendered.count("home.html") == 4  # /ro/ made room for /en/ and was rendered again; /en/ was kept
