"""The public site as a visitor meets it: languages, items, fallbacks, errors, headers, no cookies."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

REQUIRED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
CSP_PARTS = ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]
BAR_NUMBERS = ["0 8008 8008", "0 8008 0000", "0 800 99 800", "112", "116 111"]


@pytest.mark.parametrize(
    "accept, expected",
    [("ru-RU,ru;q=0.9", "/ru/"), ("uk", "/uk/"), ("en-GB,en", "/en/"), ("fr", "/ro/"), ("", "/ro/")],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("lang", ["ro", "ru", "uk", "en"])
def test_home_in_each_language_has_lang_and_hotlines(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    for number in BAR_NUMBERS:
        assert f">{number}</strong>" in html
    assert 'id="quick-exit"' in html


def test_quick_exit_is_the_first_focusable_element(client):
    html = client.get("/ro/materials/protection-order").get_data(as_text=True)
    body = html.split("<body>", 1)[1]
    first_link = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body).group(0)
    assert 'id="quick-exit"' in first_link
    assert 'href="/exit"' in first_link


@pytest.mark.parametrize(
    "path",
    [
        "/ro/materials/..%2f..%2fetc%2fpasswd",
        "/ro/materials/../../etc/passwd",
        "/ro/materials/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/ro/materials/Protection-Order",
        "/xx/materials/protection-order",
        "/ro/guides/demo-guide/..%2findex",
    ],
)
def test_path_tricks_are_404(client, path):
    assert client.get(path).status_code == 404


def test_material_page_renders_sanitized_content_with_toc_and_review_date(client):
    html = client.get("/ro/materials/protection-order").get_data(as_text=True)
    assert "<h1>Ordonanța de protecție</h1>" in html
    assert 'href="#cine-o-poate-cere"' in html
    assert "Ultima verificare:" in html and 'datetime="2026-11-20"' in html
    assert 'href="/ro/guides/demo-guide/first-steps"' in html  # language added to internal links


def test_language_switcher_points_to_the_same_item(client):
    html = client.get("/ru/materials/protection-order").get_data(as_text=True)
    for lang in ("ro", "uk", "en"):
        assert f'href="/{lang}/materials/protection-order" hreflang="{lang}"' in html


def test_missing_translation_page_is_in_the_visitor_language_and_offers_others(client):
    response = client.get("/uk/materials/protection-order")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="uk">' in html
    assert "Ця сторінка поки недоступна вашою мовою" in html
    assert 'href="/ro/materials/protection-order"' in html
    assert 'href="/en/materials/protection-order"' in html


def test_guide_section_has_breadcrumbs_and_next_section(client):
    html = client.get("/ro/guides/demo-guide/first-steps").get_data(as_text=True)
    assert 'href="/ro/guides/demo-guide">Ghid demonstrativ</a>' in html
    assert 'rel="next"' in html and "Pașii următori" in html


def test_drafts_are_not_public(client):
    assert client.get("/ro/materials/secret-draft").status_code == 404
    assert "zmeurnicabarza" not in client.get("/ro/materials/").get_data(as_text=True)


def test_specialist_items_require_sign_in(client):
    response = client.get("/ro/trainings/demo-module")
    assert response.status_code == 302
    assert response.headers["Location"] == "/ro/login?next=/ro/trainings/demo-module"
    assert "specialistocaramida" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "lang, text",
    [
        ("ro", "Pagina nu a fost găsită"),
        ("ru", "Страница не найдена"),
        ("uk", "Сторінку не знайдено"),
        ("en", "Page not found"),
    ],
)
def test_404_is_translated(client, lang, text):
    response = client.get(f"/{lang}/materials/no-such-item")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_500_is_translated_with_incident_id_and_no_traceback(make_app, monkeypatch):
    from portal import policy

    monkeypatch.setitem(policy.POLICY, "boom", policy.EVERYONE)
    app = make_app()

    @app.get("/ru/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/ru/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Что-то пошло не так" in html
    assert re.search(r"номер инцидента: [0-9a-f]{12}", html)
    assert "secret internals" not in html and "Traceback" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/ro/",
        "/ro/materials/protection-order",
        "/static/css/site.css",
        "/static/js/quick-exit.js",
        "/exit",
        "/ro/nope",
        "/sitemap.xml",
        "/",
        "/robots.txt",
    ],
)
def test_every_response_has_security_headers_and_no_cookie(client, path):
    response = client.get(path)
    for name, value in REQUIRED_HEADERS.items():
        assert response.headers.get(name) == value
    csp = response.headers["Content-Security-Policy"]
    for part in CSP_PARTS:
        assert part in csp
    assert "unsafe-inline" not in csp
    assert "Set-Cookie" not in response.headers


def test_etag_gives_304(client):
    first = client.get("/ro/materials/protection-order")
    etag = first.headers["ETag"]
    again = client.get("/ro/materials/protection-order", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_sitemap_lists_public_items_with_hreflang_alternates(client):
    root = ET.fromstring(client.get("/sitemap.xml").data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
    entry = urls["http://127.0.0.1:5000/ru/materials/protection-order"]
    alternates = {link.get("hreflang") for link in entry.findall("x:link", ns)}
    assert alternates == {"ro", "ru", "en"}
    assert not any("secret-draft" in url or "demo-module" in url for url in urls)


def test_pages_need_no_javascript_and_load_nothing_from_other_hosts(client):
    for path in (
        "/ro/",
        "/en/materials/protection-order",
        "/ro/guides/demo-guide/first-steps",
        "/ro/services",
    ):
        html = client.get(path).get_data(as_text=True)
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not url.startswith("//"), url
            if url.startswith("http"):
                assert url == "https://www.wikipedia.org/", url  # the quick exit's neutral site only
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html


def test_services_page_lists_hotlines_services_and_agencies(client):
    html = client.get("/en/services").get_data(as_text=True)
    assert "Family Justice Center" in html and "+373 60 85 99 88" in html
    assert "ATAS Centre" in html and "Ialoveni" in html
    assert 'href="tel:080077777"' in html
