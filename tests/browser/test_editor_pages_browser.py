"""The editor pages at 360 px: the edit form, its preview and the reviewers' queue scroll only downwards."""

from __future__ import annotations

import pytest

STRONG = "violet harbour tractor seventeen quietly"
WIDE = "document.documentElement.scrollWidth > document.documentElement.clientWidth"

pytestmark = pytest.mark.browser


def signed_in(browser, server, role: str):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{server.url}/ro/login")
    page.fill("#email", f"{role}@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    return context, page


def test_edit_preview_and_queue_fit_360_px(browser, editors_server):
    context, page = signed_in(browser, editors_server, "editor")
    page.goto(f"{editors_server.url}/ro/materials/protection-order")
    page.click("form.edit-page button")
    page.wait_for_url("**/ro/editor/drafts/*")
    assert not page.evaluate(WIDE)
    page.fill("#body", page.input_value("#body") + "\n\nUn cuvânt-foarte-lung-fără-spații-" + "x" * 80 + "\n")
    page.click("button[value=preview]")
    page.wait_for_load_state("load")
    assert page.locator("#preview-title").is_visible()
    assert not page.evaluate(WIDE)
    page.click("button[value=submit]")
    page.wait_for_url("**/ro/editor/drafts")
    assert not page.evaluate(WIDE)
    context.close()
    context, page = signed_in(browser, editors_server, "reviewer")
    page.goto(f"{editors_server.url}/ro/editor/review/")
    assert "materials/protection-order.ro.md" in page.content()
    assert not page.evaluate(WIDE)
    context.close()
