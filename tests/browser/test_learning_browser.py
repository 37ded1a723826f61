"""A new learner in a real browser: a module from start to certificate; then what each supervisor sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import html_errors
from conftest import CORPUS, _serve

from portal.extensions import db

STRONG = "violet harbour tractor seventeen quietly"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def learning_server(tmp_path_factory):
    """Serve the test corpus with a new specialist, the supervisor of her agency and one of another agency."""
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password

    server = _serve(tmp_path_factory.mktemp("learning"), CORPUS)
    hashed = hash_password(STRONG)
    with server.app.app_context():
        for email, name, role, agency in (
            ("nou@example.org", "Nou Cursant", "specialist", "centru"),
            ("sef@example.org", "Șef Centru", "supervisor", "centru"),
            ("alt@example.org", "Șef Nord", "supervisor", "nord"),
            ("doi@example.org", "Doi Cursant", "psychologist", "centru"),
        ):
            db.session.add(
                User(email=email, display_name=name, role=role, agency=agency, password_hash=hashed)
            )
        db.session.commit()
    yield server
    server.stop()


def sign_in(browser, server, email: str):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(f"{server.url}/ro/login")
    page.fill("#email", email)
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    return context, page, refused


def answer(page, choices: list[str]) -> None:
    for text in choices:
        page.get_by_label(text, exact=True).check()
    page.get_by_role("button", name="Trimiteți răspunsurile").click()
    page.wait_for_load_state("load")


def study_next(page) -> str:
    return page.locator("section.recommendations").inner_text()


def test_a_new_learner_goes_from_start_to_certificate_and_supervisors_see_what_they_should(
    browser, learning_server, tmp_path: Path
):
    server = learning_server
    context, page, refused = sign_in(browser, server, "nou@example.org")
    page.goto(f"{server.url}/ro/learning/")
    assert "Modul demonstrativ" in study_next(page) and "Modul avansat" not in study_next(page)
    matrix_before = page.locator("table.matrix").inner_text()
    assert "încă nu" in matrix_before

    # start the module, read both lessons
    page.locator("tr", has_text="Modul demonstrativ").get_by_role(
        "button", name=re.compile("Începeți")
    ).click()
    page.wait_for_url(f"{server.url}/ro/trainings/demo-module/first-lesson")
    page.get_by_role("button", name="Marcați ca citită și continuați").click()
    page.wait_for_url(f"{server.url}/ro/trainings/demo-module/second-lesson")
    page.get_by_role("button", name="Marcați ca citită și continuați").click()
    page.wait_for_url(re.compile(r".*/ro/trainings/demo-module#learning$"))
    assert "2 din 2 lecții citite" in page.locator("#learning").inner_text()

    # fail the quiz: the page holds no hint of the right answers
    page.get_by_role("button", name="Susțineți testul").click()  # a POST: opening a page starts nothing
    page.wait_for_url(re.compile(r".*/ro/learning/attempts/\d+$"))
    assert "correct" not in page.locator("form.quiz").inner_html()
    answer(page, ["Vecinul", "Agresorul"])
    assert "Testul nu a fost încă promovat." in page.content()
    assert "Ordonanța este emisă de instanța de judecată." in page.content()  # feedback after submitting

    # retake and pass
    page.get_by_role("button", name="Reluați testul").click()
    page.wait_for_url(re.compile(r".*/ro/learning/attempts/\d+$"))
    answer(page, ["Instanța", "Victima", "Poliția, cu acordul victimei"])
    assert "Promovat." in page.content()
    assert page.locator("table.data tbody tr").count() == 2  # both attempts kept

    # download the certificate
    with page.expect_download() as download:
        page.get_by_role("link", name="Descărcați certificatul (PDF)").click()
    saved = tmp_path / "certificate.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")

    # the matrix changed and a new module is recommended
    page.goto(f"{server.url}/ro/learning/")
    assert page.locator("table.matrix").inner_text() != matrix_before
    assert page.locator("table.matrix td.lvl-2").count() == 1
    assert "Modul avansat" in study_next(page) and "Modul demonstrativ" not in study_next(page)

    # open the verification link: valid, whose it is as printed, the module and date, nothing else about her
    page.locator("a.verify-link").click()
    page.wait_for_url(re.compile(r".*/verify/[0-9A-Z-]+\?lang=ro$"))
    main = page.locator("main").inner_text()
    assert "Certificat valabil." in main and "Modul demonstrativ" in main
    assert "Nou Cursant" in main and "nou@example.org" not in main and "specialist" not in main.lower()
    assert refused == []
    context.close()

    # the supervisor of her agency sees her; a supervisor of another agency does not
    context, page, _ = sign_in(browser, server, "sef@example.org")
    page.goto(f"{server.url}/ro/supervision/")
    page.get_by_role("link", name="Nou Cursant").click()
    assert "Modul demonstrativ" in page.locator("main").inner_text()
    learner_url = page.url
    context.close()

    context, page, _ = sign_in(browser, server, "alt@example.org")
    page.goto(f"{server.url}/ro/supervision/")
    assert "Nou Cursant" not in page.content()
    assert page.goto(learner_url).status == 404
    context.close()


def test_learning_pages_pass_axe_and_the_html_checker(browser, learning_server, tmp_path: Path):
    server = learning_server
    pages: dict[str, str] = {}
    found = {}

    def check(page, name: str) -> None:
        pages[name] = page.content()  # before axe adds its script
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        if violations:
            found[name] = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]

    context, page, _ = sign_in(browser, server, "doi@example.org")
    context.close()
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    page.goto(f"{server.url}/ro/login")
    page.fill("#email", "doi@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    for path in (
        "/ro/learning/",
        "/ro/trainings/demo-module",
        "/ro/trainings/demo-module/first-lesson",
        "/ro/learning/demo-module/quiz",
    ):
        page.goto(server.url + path)
        check(page, path)
    page.get_by_role("button", name="Începeți testul").click()
    page.wait_for_url(re.compile(r".*/ro/learning/attempts/\d+$"))
    check(page, "quiz")
    answer(page, ["Instanța", "Victima"])
    check(page, "results")
    page.goto(f"{server.url}/verify/AAAA-BBBB-CCCC-DDDD?lang=ro")
    check(page, "verify")
    context.close()
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server.url}/ro/login")
    page.fill("#email", "sef@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(f"{server.url}/ro/supervision/")
    check(page, "dashboard")
    page.get_by_role("link", name="Doi Cursant").click()
    check(page, "record")
    context.close()
    assert found == {}
    assert html_errors(pages, tmp_path) == []
