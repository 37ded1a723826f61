"""The public site in a real Chromium: accessibility, valid HTML, no third-party requests.

Quick exit has its own file, test_quick_exit_browser.py.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from browser_helpers import html_errors

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGS = ("ro", "ru", "uk", "en")
MATERIAL = "materials/browsing-safely"
SECTION = "guides/istanbul-convention/purpose-and-definitions"

pytestmark = pytest.mark.browser


SEARCH_WORD = {"ro": "protectie", "ru": "защита", "uk": "захисту", "en": "protection"}


def content_pages(lang: str) -> list[str]:
    return [
        f"/{lang}/",
        f"/{lang}/{MATERIAL}",
        f"/{lang}/{SECTION}",
        f"/{lang}/search?q={SEARCH_WORD[lang]}",
        f"/{lang}/convention/",
        f"/{lang}/convention/52",
    ]


FALLBACK_PAGES = [
    "/ro/materials/only-russian",
    "/uk/materials/only-russian",
    "/en/materials/only-russian",
    "/ru/guides/demo-guide",
]


def test_no_request_leaves_the_local_server(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for lang in LANGS:
        for path in content_pages(lang):
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
    assert requested
    assert all(url.startswith(live_server.url + "/") for url in requested), [
        u for u in requested if not u.startswith(live_server.url)
    ]


def test_csp_blocks_nothing_the_pages_need(page, live_server):
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    for lang in LANGS:
        page.goto(live_server.url + f"/{lang}/{SECTION}")
    assert refused == []


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violations(browser, live_server, corpus_server, lang):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    urls = [live_server.url + p for p in content_pages(lang)]
    urls += [corpus_server.url + p for p in FALLBACK_PAGES if p.startswith(f"/{lang}/")]
    found = {}
    for url in urls:
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        if violations:
            found[url] = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert found == {}


def test_nu_html_checker_finds_no_errors(live_server, corpus_server, tmp_path):
    urls = [live_server.url + p for lang in LANGS for p in content_pages(lang)]
    urls += [corpus_server.url + p for p in FALLBACK_PAGES]
    pages = {}
    for url in urls:
        try:
            pages[url] = urlopen(quote(url, safe=":/?=&")).read()
        except Exception as error:  # a 404 fallback page still has a body to check
            pages[url] = error.read()
    assert html_errors(pages, tmp_path) == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_horizontal_scroll_at_360_px(browser, live_server, lang, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in content_pages(lang) + [f"/{lang}/services"]:
        page.goto(live_server.url + path)
        page.screenshot(
            path=str(tmp_path / f"{lang}-{path.strip('/').replace('/', '-')}.png"), full_page=True
        )
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{path} scrolls sideways: {width}"
    context.close()


def test_search_filters_fold_below_the_results_on_a_phone_and_stand_beside_them_on_a_wide_screen(
    browser, live_server
):
    query = "/ro/search?q=ordin+de+protectie"
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    page.goto(live_server.url + query)
    first_filter = page.locator(".facets ul a").first
    first_result = page.locator("ol.results a").first
    assert first_result.is_visible() and not first_filter.is_visible()
    assert first_result.bounding_box()["y"] < page.locator(".facets summary").bounding_box()["y"]
    page.locator(".facets summary").click()  # no script: the browser's own details element
    assert first_filter.is_visible()
    phone.close()
    wide = browser.new_context(viewport={"width": 1280, "height": 800})
    page = wide.new_page()
    page.goto(live_server.url + query)
    filters, results = (
        page.locator(".facets ul").first.bounding_box(),
        page.locator("ol.results").bounding_box(),
    )
    assert page.locator(".facets ul a").first.is_visible()
    assert filters["x"] + filters["width"] <= results["x"]  # beside the results, on their left
    wide.close()
