"""The assign form in a real browser, without JavaScript, at 360 px and 1280 px; axe on its errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.learning.models import Enrolment

STRONG = "violet harbour tractor seventeen quietly"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"360px": (360, 740), "1280px": (1280, 800)}

pytestmark = pytest.mark.browser


def _signed_in_page(browser, server, width: str, **options):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, **options)
    page = context.new_page()
    page.goto(f"{server.url}/ro/login")
    page.fill("#email", "sef@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(f"{server.url}/ro/supervision/")
    return context, page


def _assigned(server) -> set[str]:
    with server.app.app_context():
        return set(db.session.scalars(select(User.email).join(Enrolment, Enrolment.user_id == User.id)))


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_supervisor_assigns_a_role_without_javascript(browser, supervision_server, width):
    context, page = _signed_in_page(browser, supervision_server, width, java_script_enabled=False)
    assert _fits(page)
    page.select_option("#module", label="Modul demonstrativ")
    page.fill("#due_on", "2099-01-15")
    page.get_by_label("tuturor cursanților cu rolul ales mai jos").check()
    page.select_option("#role", label="Specialist")
    page.get_by_role("button", name="Atribuie").click()
    page.wait_for_load_state("load")
    assert page.locator("p.flash").inner_text() == "2 cursanți au primit modulul."
    assert _assigned(supervision_server) == {"ana@example.org", "ion@example.org"}
    context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_refused_form_keeps_what_was_typed_and_passes_axe(browser, supervision_server, width):
    context, page = _signed_in_page(browser, supervision_server, width, bypass_csp=True)
    page.select_option("#module", label="Modul demonstrativ")
    page.fill("#due_on", date.today().isoformat())
    page.get_by_label("Ana Rusu").check()
    page.get_by_role("button", name="Atribuie").click()
    page.wait_for_load_state("load")
    assert page.locator("#due_on-error").inner_text() == "Alegeți un termen după ziua de azi."
    assert page.locator("#due_on").input_value() == date.today().isoformat()
    assert page.get_by_label("Ana Rusu").is_checked() and not page.get_by_label("Ion Ciobanu").is_checked()
    assert page.locator("#module").input_value() == "trainings/demo-module"
    assert _fits(page)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    assert _assigned(supervision_server) == set()
    context.close()
