"""The whole editorial journey in a real browser, by people who have never used git.

An editor changes the Romanian protection-order material, a reviewer publishes it, a visitor reads it and
finds it through search within 5 s without a restart, the translation desk shows the three translations as
outdated and their readers are told; a translator brings the Russian up to date beside the source's diff,
a reviewer publishes it, the Russian notice is gone, and git log names the people who did it.
"""

from __future__ import annotations

import time

import pytest
from browser_helpers import axe_violations, signed_in
from editorial_helpers import git

MATERIAL = "/materials/protection-order"
NEW_RO = "Păstrați o fotocopie a ordonanței într-un loc sigur, în afara casei."
NEW_RU = "Храните фотокопию предписания в надёжном месте вне дома."
NOTICE_RU = "Румынская версия этой страницы изменилась"
NOTICE_UK = "Румунська версія цієї сторінки змінилася"
NOTICE_EN = "The Romanian version of this page changed"

pytestmark = pytest.mark.browser


def wait_for(check, seconds: float = 5.0) -> float:
    """Poll `check` until it holds; return how long it took, or fail after `seconds`."""
    start = time.monotonic()
    while True:
        if check():
            return time.monotonic() - start
        if time.monotonic() - start > seconds:
            pytest.fail(f"not seen within {seconds} s")
        time.sleep(0.2)


def desk_state(page, server, target: str) -> str:
    page.goto(f"{server.url}/ro/editor/translations/{target}")
    row = page.locator("table.desk tr", has=page.locator("code", has_text="materials/protection-order.ro.md"))
    return row.locator("td").nth(1).inner_text().strip()


def test_editor_reviewer_visitor_translator_without_git(browser, journey_server):
    server = journey_server
    visitor = browser.new_context(viewport={"width": 360, "height": 740})
    reader = visitor.new_page()
    reader.goto(f"{server.url}/ru{MATERIAL}")
    assert NOTICE_RU not in reader.content()  # the Russian starts up to date

    # The editor edits the Romanian material in the browser, previews and submits.
    editor_context, editor = signed_in(browser, server.url, "elena@example.org")
    editor.goto(f"{server.url}/ro{MATERIAL}")
    editor.click("form.edit-page button")
    editor.wait_for_url("**/ro/editor/drafts/*")
    body = editor.input_value("#body")
    editor.fill("#body", body.replace("\n## Cum o ceri", f"\n{NEW_RO}\n\n## Cum o ceri", 1))
    editor.fill("#comment", "Sfat nou: copia ordonanței")
    with editor.expect_navigation():
        editor.click("button[value=preview]")
    assert NEW_RO in editor.locator("section.preview").inner_text()
    editor.click("button[value=submit]")
    editor.wait_for_url("**/ro/editor/drafts")
    reader.goto(f"{server.url}/ro{MATERIAL}")
    assert NEW_RO not in reader.content()  # nothing changes for readers before a reviewer publishes

    # The reviewer reads the diff with the new words marked, and publishes.
    reviewer_context, reviewer = signed_in(
        browser, server.url, "radu@example.org", bypass_csp=True
    )  # for axe
    reviewer.goto(f"{server.url}/ro/editor/review/")
    pending = reviewer.locator(
        "section.pending", has=reviewer.locator("code", has_text="materials/protection-order.ro.md")
    )
    assert "Elena Popescu" in pending.inner_text() and "Sfat nou: copia ordonanței" in pending.inner_text()
    marked = " ".join(pending.locator("ins, mark").all_inner_texts())
    assert "fotocopie" in marked
    assert axe_violations(reviewer) == []
    with reviewer.expect_navigation():
        pending.get_by_role("button", name="Publicați").click()
    published_at = time.monotonic()
    assert "Publicat." in reviewer.locator("main").inner_text()

    # Within 5 s, without a restart, a visitor reads the change and finds its new words through search.
    def page_shows() -> bool:
        reader.goto(f"{server.url}/ro{MATERIAL}")
        return NEW_RO in reader.content()

    def search_finds() -> bool:
        reader.goto(f"{server.url}/ro/search?q=fotocopie")
        found = reader.locator("ol.results li", has=reader.locator(f"a[href^='/ro{MATERIAL}#']"))
        return "fotocopie" in " ".join(found.locator("mark").all_inner_texts())

    wait_for(page_shows, 5 - (time.monotonic() - published_at))
    wait_for(search_finds, max(0.5, 5 - (time.monotonic() - published_at)))
    print(f"published to visible and found: {time.monotonic() - published_at:.2f} s")
    assert visitor.cookies() == []  # an anonymous visitor still has no cookie

    # The translation desk shows the three translations as outdated, and their readers are told.
    assert [desk_state(editor, server, target) for target in ("ru", "uk", "en")] == ["Învechită"] * 3
    for lang, notice in (("ru", NOTICE_RU), ("uk", NOTICE_UK), ("en", NOTICE_EN)):
        reader.goto(f"{server.url}/{lang}{MATERIAL}")
        assert notice in reader.content(), lang
        assert reader.locator(f"a[href='/ro{MATERIAL}'][hreflang=ro]").count() >= 1

    # The translator opens the Russian beside the source, with what changed in it, and updates it.
    translator_context, translator = signed_in(browser, server.url, "tatiana@example.org")
    translator.goto(f"{server.url}/ru/editor/translations/ru")
    source = translator.locator("code", has_text="materials/protection-order.ro.md")
    row = translator.locator("table.desk tr", has=source)
    row.get_by_role("link").last.click()
    translator.wait_for_load_state("load")
    changes = translator.locator("section[aria-labelledby=changes-title]")
    assert "fotocopie" in " ".join(changes.locator("ins, mark").all_inner_texts())
    assert NEW_RO in translator.locator("pre.source-text").inner_text()
    text = translator.input_value("#text")
    assert "## " in text
    translator.fill("#text", text.rstrip("\n") + f"\n\n{NEW_RU}\n")
    translator.fill("#comment", "Добавлен совет о копии")
    with translator.expect_navigation():
        translator.locator("#submit").click()
    assert desk_state(editor, server, "ru") == "În curs de traducere"

    # A reviewer publishes the translation; the Russian notice disappears, the others stay.
    reviewer.goto(f"{server.url}/ro/editor/review/")
    pending = reviewer.locator(
        "section.pending", has=reviewer.locator("code", has_text="materials/protection-order.ru.md")
    )
    assert "Tatiana Rusu" in pending.inner_text()
    with reviewer.expect_navigation():
        pending.get_by_role("button", name="Publicați").click()

    def russian_updated() -> bool:
        reader.goto(f"{server.url}/ru{MATERIAL}")
        html = reader.content()
        return NEW_RU in html and NOTICE_RU not in html

    wait_for(russian_updated)
    assert desk_state(editor, server, "ru") == "La zi"
    assert desk_state(editor, server, "uk") == "Învechită"

    # git log shows the commits with the editors' names as authors and the reviewer as committer.
    log = git(server.repo, "log", "-3", "--format=%an|%cn|%s", "--", "materials")
    assert log.splitlines() == [
        "Tatiana Rusu|Radu Ceban|Добавлен совет о копии",
        "Elena Popescu|Radu Ceban|Sfat nou: copia ordonanței",
        "Developer|Developer|Content",
    ]
    changed = git(server.repo, "show", "--format=", "--numstat", "HEAD~1").split()
    assert changed == ["2", "0", "materials/protection-order.ro.md"]  # the new paragraph, nothing else
    for context in (visitor, editor_context, reviewer_context, translator_context):
        context.close()
