"""Plain public pages (issue 14.3): no Convention jargon for the public, filters after the results, one
search box, and a spelling suggestion that never contradicts the results."""

from __future__ import annotations

import re


def page(client, path: str, **query) -> str:
    response = client.get(path, query_string=query)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_article_numbers_are_on_guide_pages_not_on_public_materials(client):
    material = page(client, "/ro/materials/protection-order")
    assert "Articolele Convenției de la Istanbul" not in material
    assert "Ordonanța de protecție" in material
    section = page(client, "/ro/guides/demo-guide/first-steps")
    assert "Articolele Convenției de la Istanbul:" in section
    assert re.search(r"Articolele Convenției de la Istanbul:.*\b3\b.*\b18\b", section)


def test_the_article_filter_shows_only_when_guide_or_training_sections_are_found(client):
    only_materials = page(client, "/ro/search", q="ordonanta")
    assert "3 rezultate" in only_materials
    assert "Articolul Convenției" not in only_materials and "Art. 53" not in only_materials
    assert "Informații</a> (3)" in only_materials  # the type filter stays
    with_guide = page(client, "/ro/search", q="plangeri")
    assert "Articolul Convenției" in with_guide
    assert "Art. 3</a> (1)" in with_guide and "Art. 18</a> (1)" in with_guide


def test_filters_fold_below_the_results_in_a_details_element(client):
    html = page(client, "/ro/search", q="victima")
    results = html.index('<ol class="results">')
    details = html.index('<details class="facets">')
    assert results < details < html.index("</details>")
    assert "<summary>Filtrați rezultatele</summary>" in html[details:]
    assert "<script" not in html[results:]


def test_the_results_page_has_exactly_one_search_box(client):
    html = page(client, "/ro/search", q="victima")
    assert html.count('role="search"') == 1
    assert html.count('name="q"') == 1
    assert 'value="victima"' in html
    assert page(client, "/ro/").count('role="search"') == 1  # the header's box, everywhere else


def test_a_misspelt_word_shows_the_results_for_the_suggestion_not_zero_results(client):
    html = page(client, "/ro/search", q="instamta")
    assert "0 rezultate" not in html and "Poate ați vrut să scrieți" not in html
    assert "Se afișează rezultatele pentru:" in html and "<strong>instanță</strong>" in html
    assert "(ați scris „instamta”)" in html
    assert "1 rezultat" in html and 'href="/ro/materials/protection-order"' in html
    assert 'value="instanță"' in html


def test_a_suggestion_with_all_the_words_replaces_results_with_only_some(client):
    html = page(client, "/ro/search", q="ordonanta instamta")
    assert "Nicio pagină nu conține toate cuvintele" not in html
    assert "<strong>ordonanta instanță</strong>" in html and "1 rezultat" in html
    data = client.get("/ro/search.json", query_string={"q": "ordonanta instamta"}).get_json()
    assert data["corrected"] == "ordonanta instanță" and data["fallback"] is False and data["total"] == 1


def test_a_suggestion_that_finds_only_some_words_too_is_offered_beside_the_partial_results(client):
    html = page(client, "/ro/search", q="luni instamta")
    assert "Se afișează rezultatele pentru" not in html
    offered = 'Poate ați vrut să scrieți: <a href="/ro/search?q=luni+instan%C8%9B%C4%83">luni instanță</a>'
    assert offered in html
    assert "1 rezultat" in html


def test_a_suggestion_is_never_shown_above_no_results(client):
    html = page(client, "/ro/search", q="zzzqqqxx")
    assert "0 rezultate" in html
    assert "Poate ați vrut" not in html and "Se afișează rezultatele pentru" not in html


def test_protecton_ordr_finds_the_protection_order(real_app):
    html = page(real_app.test_client(), "/en/search", q="protecton ordr")
    assert "Did you mean" not in html and "0 results" not in html
    assert "Showing results for:" in html and "<strong>protection order</strong>" in html
    first = re.search(r'<ol class="results">\s*<li>\s*<a href="([^"]+)"', html)
    assert first and first.group(1) == "/en/materials/protection-order"
