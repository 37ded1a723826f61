"""Version history in a real browser: on a phone nothing scrolls sideways; without script it still works."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
STRONG = "violet harbour tractor seventeen quietly"
PAGE = "/ro/editor/history/materials/protection-order.ro.md"

pytestmark = pytest.mark.browser


def _signed_in(browser, server, **options):
    context = browser.new_context(viewport={"width": 360, "height": 740}, **options)
    page = context.new_page()
    page.goto(f"{server.url}/ro/login")
    page.fill("#email", "editor@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    return context, page


def test_at_360_px_the_history_and_the_diff_do_not_scroll_sideways(browser, history_server):
    context, page = _signed_in(browser, history_server)
    for path in (PAGE, f"{PAGE}/diff"):
        page.goto(history_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide"
    assert page.locator("table.diff del").first.inner_text() == "trei"
    assert page.locator("table.diff ins").first.inner_text() == "șase"
    context.close()


def test_without_script_two_versions_are_picked_and_compared(browser, history_server):
    context, page = _signed_in(browser, history_server, java_script_enabled=False)
    page.goto(history_server.url + PAGE)
    page.locator('input[name="b"]').nth(1).check()  # the older version on both sides: no change
    page.locator('input[name="a"]').nth(1).check()
    page.click("text=Comparați versiunile alese")
    page.wait_for_load_state("load")
    assert "/diff?" in page.url
    assert "Cele două versiuni sunt la fel." in page.content()
    context.close()


def test_the_history_and_the_diff_pass_axe(browser, history_server):
    context, page = _signed_in(browser, history_server, bypass_csp=True)  # axe is injected as a script
    found = {}
    for path in (PAGE, f"{PAGE}/diff"):
        page.goto(history_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == {PAGE: [], f"{PAGE}/diff": []}
    context.close()
