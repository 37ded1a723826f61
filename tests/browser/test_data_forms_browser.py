"""The data-file forms (help lines, services, agencies, competency matrix) in a real browser.

At 360 px and at 1280 px nothing scrolls sideways and axe finds nothing; a refused save shows its message
next to the field, in the form as typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
STRONG = "violet harbour tractor seventeen quietly"
FORMS = ("/ro/editor/hotlines", "/ro/editor/services", "/ro/editor/agencies", "/ro/editor/competencies")

pytestmark = pytest.mark.browser


def _signed_in(browser, server, width: int, **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, **options)
    page = context.new_page()
    page.goto(f"{server.url}/ro/login")
    page.fill("#email", "editor@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    return context, page


@pytest.mark.parametrize("width", [360, 1280])
def test_the_forms_fit_the_screen_and_pass_axe(browser, editors_server, width):
    context, page = _signed_in(browser, editors_server, width, bypass_csp=True)  # axe is injected
    found, wide = {}, {}
    for path in FORMS:
        page.goto(editors_server.url + path)
        wide[path] = page.evaluate("document.documentElement.scrollWidth") > width
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == {path: [] for path in FORMS}
    assert wide == {path: False for path in FORMS}
    context.close()


def test_a_refused_service_shows_its_message_next_to_the_field(browser, editors_server):
    context, page = _signed_in(browser, editors_server, 360)
    page.goto(editors_server.url + "/ro/editor/services")
    page.fill("#s0-phones", "022 234")
    page.fill("#s0-name-uk", "Центр сімейного правосуддя (Кишинів)")
    page.click("button[value=save]")
    page.wait_for_load_state("load")
    error = page.locator("#s0-phones-error")
    assert "nu poate fi format" in error.inner_text()
    assert page.get_attribute("#s0-phones", "aria-describedby") == "s0-phones-error"
    assert page.input_value("#s0-name-uk") == "Центр сімейного правосуддя (Кишинів)"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
