"""Touch and sight in a real Chromium: 44 px tap targets, an exit button on no text, focus that shows."""

from __future__ import annotations

import re

import pytest

LANGS = ("ro", "ru", "uk", "en")
WIDTHS = {"360px": (360, 740), "768px": (768, 1000), "1280px": (1280, 800)}
PAGES = ("/{lang}/", "/{lang}/materials/where-to-get-help", "/{lang}/search?q=ordin")

pytestmark = pytest.mark.browser

# Links and controls people tap, outside running text (WCAG 2.5.5 exempts links inside a sentence, in a <p>).
SMALL_TARGETS = """() => {
  const inText = (el) => el.closest('p, .prose li, .prose td, .snippet, .sources li, .meta');
  return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary')]
    .filter((el) => !inText(el) && !el.classList.contains('skip-link') && !el.closest('.visually-hidden'))
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden')
    .filter(([el, r]) => r.width < 43.5 || r.height < 43.5)
    .map(([el, r]) => `${el.tagName} "${(el.textContent || el.value || '').trim().slice(0, 30)}" `
      + `${Math.round(r.width)}x${Math.round(r.height)}`);
}"""

# Text under the exit button's band at the top of the viewport.
UNDER_THE_EXIT = """() => {
  const band = document.querySelector('.safety-nav').getBoundingClientRect();
  const button = document.querySelector('#quick-exit').getBoundingClientRect();
  const hits = [];
  for (const el of document.querySelectorAll('h1, h2, h3, p, li, a, label, strong, span, button, input')) {
    if (el.closest('.safety-nav') || el.closest('.visually-hidden')) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || !(el.textContent || el.value || '').trim()) continue;
    const top = Math.max(r.top, button.top), bottom = Math.min(r.bottom, button.bottom);
    const overlaps = r.left < button.right && r.right > button.left && top < bottom;
    // Text that scrolled under the opaque band is hidden by the band; only text beside it could be covered.
    const outsideBand = top < band.top || bottom > band.bottom;
    if (overlaps && (outsideBand || window.scrollY === 0)) {
      hits.push(el.tagName + ' ' + el.textContent.trim().slice(0, 30));
    }
  }
  const style = getComputedStyle(document.querySelector('.safety-nav'));
  const inside = button.top >= band.top && button.bottom <= band.bottom;
  return {hits, inside, bandWidth: band.width, bandBackground: style.backgroundColor,
          position: style.position};
}"""


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


FOCUS_COLOURS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let node = el.parentElement, background = 'rgb(255, 255, 255)';
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') { background = bg; break; }
    node = node.parentElement;
  }
  return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 30), outline: style.outlineColor,
          outlineWidth: style.outlineWidth, shadow: style.boxShadow, background};
}"""


@pytest.fixture(params=list(WIDTHS))
def sized_page(request, browser):
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_tap_target_is_at_least_44_px(sized_page, live_server, lang):
    small = {}
    for path in PAGES:
        sized_page.goto(live_server.url + path.format(lang=lang))
        found = sized_page.evaluate(SMALL_TARGETS)
        if found:
            small[path] = found
    assert small == {}


@pytest.mark.parametrize("lang", LANGS)
def test_the_exit_button_sits_on_no_text_at_any_width_or_scroll(sized_page, live_server, lang):
    sized_page.goto(live_server.url + f"/{lang}/materials/where-to-get-help")
    for scroll in (0, 300, 900, 2000):
        sized_page.evaluate(f"window.scrollTo(0, {scroll})")
        found = sized_page.evaluate(UNDER_THE_EXIT)
        assert found["hits"] == [], (scroll, found["hits"])
        assert found["inside"] and found["position"] == "sticky"
        assert found["bandBackground"] == "rgb(255, 255, 255)"
        assert found["bandWidth"] >= sized_page.viewport_size["width"] - 1


def test_focus_stands_out_three_to_one_on_every_background(page, live_server):
    page.goto(live_server.url + "/ro/materials/where-to-get-help")
    seen = set()
    weak = []
    for _ in range(45):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_COLOURS)
        if focus["background"] in seen and focus["tag"] != "INPUT":
            continue
        seen.add(focus["background"])
        background = rgb(focus["background"])
        rings = [rgb(focus["outline"])] if focus["outlineWidth"] != "0px" else []
        rings += [rgb(colour) for colour in re.findall(r"rgba?\([^)]*\)", focus["shadow"])]
        best = max((contrast(ring, background) for ring in rings), default=0)
        if best < 3:
            weak.append((focus["tag"], focus["text"], focus["background"], round(best, 2)))
    assert len(seen) >= 2  # the white page and the purple help-line band at least
    assert weak == []


@pytest.mark.parametrize("lang", LANGS)
def test_home_has_a_description_for_search_engines_and_link_previews(page, live_server, lang):
    page.goto(live_server.url + f"/{lang}/")
    description = page.get_attribute('meta[name="description"]', "content")
    assert description and len(description) > 60


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_help_is_the_first_card_and_the_safety_plan_within_a_screen_and_a_half(
    browser, live_server, lang
):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + f"/{lang}/")
    assert page.locator(".cards li a").first.get_attribute("href") == f"/{lang}/materials/where-to-get-help"
    plan = page.locator(f'.cards a[href="/{lang}/materials/safety-plan"]')
    # the link a visitor taps, from the top of the page, before she has scrolled
    bottom = plan.evaluate("a => a.getBoundingClientRect().bottom + window.scrollY")
    assert bottom <= 740 * 1.5, f"the safety plan's link ends {bottom:.0f} px down"
    context.close()


# A phone number as the help materials write them (the pattern of tests/test_hotlines.py).
PHONE = re.compile(
    r"(?<![\d.,/-])(?:\+373[ \d]{8,13}\d|0 ?8\d{2}[ \d]{4,7}\d|116 ?111|07\d \d{3} \d{3}|\b112\b)"
)
TEXT_OUTSIDE_LINKS = """() => {
  const article = document.querySelector('main');
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    if (!walker.currentNode.parentElement.closest('a')) parts.push(walker.currentNode.textContent);
  }
  return [parts.join(' '), [...article.querySelectorAll('a[href^="tel:"]')].length];
}"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "slug",
    ["where-to-get-help", "trafficking-and-safe-migration", "refugees-from-ukraine", "after-sexual-violence"],
)
def test_on_a_phone_every_number_in_the_help_materials_is_a_tel_link(browser, live_server, lang, slug):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + f"/{lang}/materials/{slug}")
    text, links = page.evaluate(TEXT_OUTSIDE_LINKS)
    assert links >= 3
    assert PHONE.findall(text) == []
    context.close()
