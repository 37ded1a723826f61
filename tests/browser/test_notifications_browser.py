"""Notices in a real browser: the header count, marking read, the email box; axe and the HTML checker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import html_errors
from sqlalchemy import delete, select

from portal.accounts.models import User
from portal.extensions import db
from portal.notifications.models import Notification

STRONG = "violet harbour tractor seventeen quietly"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


@pytest.fixture
def ana_notices(accounts_server):
    """Give Ana (the accounts server's specialist) two unread notices; take them away afterwards."""
    with accounts_server.app.app_context():
        ana = db.session.scalar(select(User.id).where(User.email == "ana@example.org"))
        for kind, key in (("assigned", "assigned:9001"), ("certificate", "certificate:9001")):
            db.session.add(Notification(user_id=ana, kind=kind, key=key, about="trainings/demo-module"))
        db.session.commit()
    yield accounts_server
    with accounts_server.app.app_context():
        db.session.execute(delete(Notification).where(Notification.user_id == ana))
        db.session.get(User, ana).email_notices = True
        db.session.commit()


def test_a_learner_reads_her_notices_at_both_widths(browser, ana_notices, tmp_path: Path):
    server = ana_notices
    found, pages = {}, {}
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    page.goto(f"{server.url}/ro/login")
    page.fill("#email", "ana@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Notificări (2)").click()
    page.wait_for_url(re.compile(r".*/ro/notifications/$"))
    assert page.get_by_role("link", name="Vi s-a atribuit modulul „Modul demonstrativ”.").is_visible()
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        if width == 360:
            pages["list"] = page.content()  # before axe adds its script
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        found[width] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name=re.compile("^Marchează ca citită ?: Vi s-a atribuit")).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("link", name="Notificări (1)").is_visible()
    page.get_by_role("button", name="Marchează toate ca citite").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("link", name="Notificări (0)").is_visible()
    page.goto(f"{server.url}/ro/account/")
    box = page.get_by_label("Trimiteți-mi mementouri prin e-mail")
    assert box.is_checked()
    box.uncheck()
    page.locator("form[action$='/email-notices'] button").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Setarea pentru mementouri a fost salvată.").is_visible()
    assert not page.get_by_label("Trimiteți-mi mementouri prin e-mail").is_checked()
    pages["account"] = page.content()
    context.close()
    assert found == {360: [], 1280: []}
    assert html_errors(pages, tmp_path) == []
