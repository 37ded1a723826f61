"""Every signed-in page at 360 px and 1280 px: no word broken inside, no sideways scroll, no axe violation.

A word is broken when the boxes of its letters sit on more than one line. Each text node's words are
measured with a Range in the real browser; wide tables may scroll inside their own region, the page may not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import axe_violations, signed_in

MODULE = "domestic-violence-phenomenon"
LESSON = "forms-of-violence"
WIDTHS = {"phone": 360, "desktop": 1280}

# Words split only where the script marks them: at spaces, and after hyphens and slashes a browser may wrap.
BROKEN_WORDS = """() => {
  // Text kept for screen readers only (1 px boxes clipped away) is not on screen: it cannot look broken.
  const clipped = element => {
    for (let node = element; node; node = node.parentElement) {
      const box = node.getBoundingClientRect();
      if (getComputedStyle(node).overflow === "hidden" && (box.width <= 1 || box.height <= 1)) return true;
    }
    return false;
  };
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest("script, style, .visually-hidden, [hidden], option")) continue;
    const style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden" || clipped(element)) continue;
    const words = /[^\\s\\-\\/\\u2010-\\u2015]{2,}/g;
    for (let match = words.exec(node.data); match; match = words.exec(node.data)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const boxes = [...range.getClientRects()].filter(r => r.width > 0);
      const lines = new Set(boxes.map(r => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""
PAGE_WIDER_THAN_SCREEN = "document.documentElement.scrollWidth > document.documentElement.clientWidth"

pytestmark = pytest.mark.browser


def faults(page) -> list[str]:
    problems = [f"broken word: {word}" for word in page.evaluate(BROKEN_WORDS)]
    if page.evaluate(PAGE_WIDER_THAN_SCREEN):
        problems.append("the page scrolls sideways")
    problems += [f"axe {violation}" for violation in axe_violations(page)]
    return problems


def learner_pages(page, url: str) -> dict[str, list[str]]:
    """Walk a learner's pages the way she would, taking the quiz; return each page's faults."""
    found: dict[str, list[str]] = {}
    for lang in ("ro", "ru"):
        page.goto(f"{url}/{lang}/learning/")
        found[f"{lang} learning home"] = faults(page)
    page.goto(f"{url}/ro/trainings/{MODULE}")
    found["module"] = faults(page)
    page.goto(f"{url}/ro/trainings/{MODULE}/{LESSON}")
    found["lesson"] = faults(page)
    page.goto(f"{url}/ro/learning/{MODULE}/quiz")
    found["quiz start"] = faults(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    found["quiz"] = faults(page)
    for question in page.locator("main fieldset").all():
        question.locator("input").first.check()
    with page.expect_navigation():
        page.locator("main button[type=submit]").last.click()
    assert "/ro/learning/attempts/" in page.url  # the quiz was taken: its results are on screen
    found["results"] = faults(page)
    page.goto(f"{url}/ro/account")
    found["account"] = faults(page)
    return found


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_signed_in_page_keeps_words_whole_and_scrolls_only_downwards(
    browser, people_server, width, tmp_path: Path
):
    url = people_server.url
    context, page = signed_in(browser, people_server.url, "ana@example.org", width, bypass_csp=True)
    found = learner_pages(page, url)
    context.close()

    context, page = signed_in(browser, people_server.url, "sef@example.org", width, bypass_csp=True)
    for lang in ("ro", "ru"):
        page.goto(f"{url}/{lang}/supervision")
        found[f"{lang} supervision"] = faults(page)
    page.locator("main a[href*='/supervision/learners/']").first.click()
    page.wait_for_load_state("load")
    found["learner record"] = faults(page)
    context.close()

    context, page = signed_in(browser, people_server.url, "admin@example.org", width, bypass_csp=True)
    page.goto(f"{url}/ro/admin/users")
    found["admin users"] = faults(page)
    context.close()

    assert {name: problems for name, problems in found.items() if problems} == {}
    assert len(found) == 12


def test_the_matrix_is_one_card_per_competency_on_a_phone_and_a_table_on_a_desktop(
    browser, people_server, tmp_path_factory
):
    shots = tmp_path_factory.mktemp("matrix-screens")
    seen = {}
    for name, width in WIDTHS.items():
        context, page = signed_in(browser, people_server.url, "ana@example.org", width, bypass_csp=True)
        page.goto(f"{people_server.url}/ro/learning/")
        matrix = page.locator("table.matrix")
        seen[name] = matrix.evaluate("table => getComputedStyle(table.querySelector('tbody tr')).display")
        page.locator("section", has=matrix).first.screenshot(path=str(shots / f"matrix-{width}.png"))
        if name == "phone":
            card = page.locator("table.matrix tbody tr").nth(1)
            box = card.bounding_box()
            assert box["width"] <= 360
            text = card.inner_text()
            for label in ("Nivelul-țintă pentru rol: ", "Nivel validat: ", "Autoevaluare: ", "Stare: "):
                assert label in text, label  # each card names its values
        context.close()
    assert seen["desktop"] == "table-row"
    assert seen["phone"] != "table-row"
