"""Signing in and out in a real browser: after sign-out, Back shows nothing private."""

from __future__ import annotations

import pytest

STRONG = "violet harbour tractor seventeen quietly"

pytestmark = pytest.mark.browser


def test_sign_in_sign_out_and_back_shows_no_private_page(browser, accounts_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{accounts_server.url}/ro/login?next=/ro/trainings/demo-module")
    page.fill("#email", "ana@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{accounts_server.url}/ro/trainings/demo-module")
    assert "specialistocaramida" in page.content()
    page.goto(f"{accounts_server.url}/ro/account/")
    assert "ana@example.org" in page.content()

    page.click(".user-nav button[type=submit]")
    page.wait_for_url(f"{accounts_server.url}/ro/")
    page.go_back()
    page.wait_for_load_state("load")
    assert "ana@example.org" not in page.content()
    assert "/ro/login" in page.url
    page.go_back()
    page.wait_for_load_state("load")
    assert "specialistocaramida" not in page.content()
    context.close()


def test_private_pages_are_not_stored_by_the_browser(browser, accounts_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{accounts_server.url}/ro/login")
    page.fill("#email", "ana@example.org")
    page.fill("#password", STRONG)
    with page.expect_response(lambda r: r.url.endswith("/ro/learning/")) as info:
        page.click("main button[type=submit]")
    assert info.value.headers["cache-control"] == "no-store"
    context.close()
