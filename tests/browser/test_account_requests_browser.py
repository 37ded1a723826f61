"""Forgot password, request an account and the queue in a real browser: axe, 360 px and 1280 px."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
STRONG = "violet harbour tractor seventeen quietly"
VIEWPORTS = {"phone": (360, 740), "desktop": (1280, 800)}

pytestmark = pytest.mark.browser


def _violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_pages_pass_axe_and_do_not_scroll_sideways(browser, requests_server, size):
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    url = requests_server.url
    found, widths = {}, {}

    def check(name: str) -> None:
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        found[name] = _violations(page)

    page.goto(f"{url}/ro/login")
    page.click("text=Ați uitat parola?")
    check("forgot")
    page.fill("#email", "not-an-address")
    page.click("main button[type=submit]")
    assert page.locator("#email-error").inner_text() == "Introduceți o adresă de e-mail validă."
    check("forgot with an error")
    page.goto(f"{url}/ro/login")
    page.click("text=Solicitați un cont")
    page.fill("#name", "Ion Rusu")
    page.fill("#email", f"ion.{size}@example.org")
    page.click("main button[type=submit]")  # no agency chosen
    assert page.locator("#agency-error").inner_text() == "Alegeți o agenție din listă."
    assert page.input_value("#name") == "Ion Rusu"
    check("request with an error")
    page.select_option("#agency", "centru")
    page.click("main button[type=submit]")
    assert "Cererea a fost trimisă" in page.content()
    check("request sent")
    page.goto(f"{url}/ro/login")
    page.fill("#email", "sup@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(f"{url}/ro/account-requests")
    assert f"ion.{size}@example.org" in page.content()
    check("queue")
    context.close()
    assert found == {name: [] for name in found}
    assert {name: w for name, w in widths.items() if w > width} == {}
