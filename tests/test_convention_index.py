"""The Convention article index for specialists (issue 14.7): `/<lang>/convention/`, a page per article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from accounts_helpers import STRONG, sign_in

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.cli import check_content
from portal.extensions import db

TESTS = Path(__file__).resolve().parent
LANGS = ("ro", "ru", "uk", "en")


def get(client, path: str):
    response = client.get(path)
    return response, response.get_data(as_text=True)


def test_article_52_lists_the_order_guide_sections_and_the_protection_order_material(real_app):
    response, html = get(real_app.test_client(), "/ro/convention/52")
    assert response.status_code == 200
    assert "<h1>Articolul 52: Ordine de restricție de urgență</h1>" in html
    assert "autoritățile competente îl pot obliga pe agresor să părăsească locuința victimei" in html
    assert 'href="/ro/guides/istanbul-convention/emergency-restraining-order"' in html
    # the protection-order section says how a protection order takes over from the emergency one
    assert 'href="/ro/guides/istanbul-convention/protection-order"' in html
    assert 'href="/ro/materials/protection-order"' in html
    assert 'href="/ro/materials/emergency-restraining-order"' in html
    assert 'href="/ro/guides/istanbul-convention/risk-assessment"' not in html  # art. 51 only
    # a public page like every other: no cookie, the help lines and quick exit on top
    assert "Set-Cookie" not in response.headers
    assert 'id="quick-exit"' in html and 'class="hotline-bar"' in html and 'href="tel:' in html


def test_article_53_lists_the_protection_order_guide_section_and_material(real_app):
    _, html = get(real_app.test_client(), "/ro/convention/53")
    assert 'href="/ro/guides/istanbul-convention/protection-order"' in html
    assert 'href="/ro/materials/protection-order"' in html
    _, uk = get(real_app.test_client(), "/uk/convention/53")
    assert "<h1>Стаття 53: Захисні приписи</h1>" in uk and "захисний припис" in uk
    assert 'href="/uk/guides/istanbul-convention/protection-order"' in uk


def test_training_lessons_are_counted_but_shown_only_to_those_who_may_read_them(real_app):
    lesson = 'href="/ro/trainings/protection-mechanisms/emergency-restraining-order"'
    _, html = get(real_app.test_client(), "/ro/convention/52")
    assert lesson not in html
    assert "pagini despre acest articol sunt pentru specialiștii autentificați" in html
    with real_app.app_context():
        db.session.add(
            User(
                email="convention-reader@example.org",
                display_name="Reader",
                role="specialist",
                agency="centru",
                password_hash=hash_password(STRONG),
            )
        )
        db.session.commit()
    specialist = real_app.test_client()
    assert sign_in(specialist, "convention-reader@example.org").status_code == 302
    _, signed_in = get(specialist, "/ro/convention/52")
    assert lesson in signed_in and '<h2 id="group-trainings">Module de instruire</h2>' in signed_in


def test_every_article_an_item_names_has_a_page_in_every_language(real_app):
    named = {n for item in real_app.extensions["library"].items.values() for n in item.articles}
    assert {3, 18, 52, 53, 66} <= named
    client = real_app.test_client()
    for lang in LANGS:
        response, index = get(client, f"/{lang}/convention/")
        assert response.status_code == 200
        for number in sorted(named):
            response, _ = get(client, f"/{lang}/convention/{number}")
            assert response.status_code == 200, (lang, number)
        assert f'href="/{lang}/convention/52"' in index
    _, en = get(client, "/en/convention/")
    assert "Article 52: Emergency barring orders" in en and "Article 48: No mandatory mediation" in en


@pytest.mark.parametrize("path", ["/ro/convention/1", "/ro/convention/99", "/ro/convention/abc"])
def test_an_article_without_data_is_404(real_app, path):
    assert real_app.test_client().get(path).status_code == 404


def test_guide_pages_and_search_results_link_the_article_numbers(client):
    _, section = get(client, "/ro/guides/demo-guide/first-steps")
    assert '<a href="/ro/convention/3">3</a>, <a href="/ro/convention/18">18</a>' in section
    _, found = get(client, "/ro/search?q=plangeri")
    assert '<a href="/ro/convention/3">3</a>, <a href="/ro/convention/18">18</a>' in found
    _, materials = get(client, "/ro/search?q=ordonanta")
    assert "/ro/convention/53" not in materials  # public materials carry no article numbers


def test_content_check_reports_an_article_without_a_title(tmp_path):
    content = tmp_path / "c"
    shutil.copytree(TESTS / "corpus", content)
    page = content / "materials" / "protection-order.ro.md"
    page.write_text(page.read_text(encoding="utf-8").replace("articles: [53]", "articles: [53, 77]"), "utf-8")
    lines, ok = check_content(content, strict=False)
    assert not ok
    assert any(
        line.endswith(
            "materials/protection-order.ro.md:7: error: Convention article 77 has no title in "
            "convention-articles.yml"
        )
        for line in lines
    ), lines


def test_content_check_reports_an_article_entry_missing_a_language(tmp_path):
    content = tmp_path / "c"
    shutil.copytree(TESTS / "corpus", content)
    data = content / "convention-articles.yml"
    text = data.read_text(encoding="utf-8")
    start = text.index("  18:")
    cut = text.index("      uk:", text.index("    summary:", start))
    data.write_text(text[:cut] + text[text.index("\n", cut) + 1 :], "utf-8")
    lines, ok = check_content(content, strict=False)
    assert not ok
    line = text[:start].count("\n") + 1
    assert any(
        f"convention-articles.yml:{line}: error: article 18 needs a text for summary.uk" in row
        for row in lines
    ), lines
    assert any("first-steps.ro.md:7: error: Convention article 18 has no title" in row for row in lines)
