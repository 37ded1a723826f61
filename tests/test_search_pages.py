"""Search as visitors use it: the page, the JSON endpoint, OpenSearch, access filtering, failures."""

from __future__ import annotations

import re
import shutil

import pytest
from accounts_helpers import sign_in

from portal.searching.service import build


def test_search_box_on_every_page(client):
    for path in ("/ro/", "/ru/materials/protection-order", "/en/services", "/ro/nope"):
        html = client.get(path).get_data(as_text=True)
        assert 'action="/' in html and 'role="search"' in html and 'name="q"' in html


def test_results_page_links_to_the_section(client):
    response = client.get("/ro/search?q=politia")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/ro/materials/protection-order#cine-o-poate-cere"' in html
    assert "<mark>" in html
    assert "Set-Cookie" not in response.headers


def test_json_endpoint_returns_the_same_hits_as_the_page(client):
    data = client.get("/ro/search.json?q=ordonanta+protectie").get_json()
    html = client.get("/ro/search?q=ordonanta+protectie").get_data(as_text=True)
    on_page = re.findall(r'<a href="([^"]+)" hreflang="ro">', html)
    assert [hit["url"] for hit in data["hits"]] == on_page
    assert data["total"] == 3 and on_page[0] == "/ro/materials/protection-order"
    assert data["facets"] == {"kind": {"material": 3}, "article": {"53": 3}}


def test_opensearch_description(client):
    response = client.get("/en/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    assert "/en/search?q={searchTerms}" in response.get_data(as_text=True)
    assert 'rel="search"' in client.get("/en/").get_data(as_text=True)


@pytest.mark.parametrize("word", ["zmeurnicabarza", "specialistocaramida"])
def test_drafts_and_restricted_items_are_invisible_to_anonymous_visitors(client, word):
    for path in (f"/ro/search?q={word}", f"/ro/search?q={word}&all=1", f"/ro/search?q={word[:-1]}x"):
        html = client.get(path).get_data(as_text=True)
        assert word not in html.replace(f"q={word}", "").replace(f'value="{word}"', "").replace(
            f"Căutare: {word}", ""
        ), path
    data = client.get(f"/ro/search.json?q={word}").get_json()
    assert data["total"] == 0 and data["hits"] == [] and data["suggestion"] is None
    assert all(count == 0 for count in data["facets"].get("kind", {}).values())


def test_signed_in_specialist_finds_specialist_items_but_never_drafts(app, make_user):
    make_user("ana@example.org", role="specialist")
    client = app.test_client()
    sign_in(client, "ana@example.org")
    assert client.get("/ro/search.json?q=specialistocaramida").get_json()["total"] == 1
    assert client.get("/ro/search.json?q=zmeurnicabarza").get_json()["total"] == 0


@pytest.mark.parametrize(
    "query", ["x" * 10_000, "*", "a*", '"unbalanced', "+".join(["w"] * 500), "%00%01%02", "%3Cscript%3E"]
)
def test_bad_queries_never_500(client, query):
    response = client.get(f"/ro/search?q={query}")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_missing_index_shows_a_translated_notice_and_other_pages_work(make_app, tmp_path):
    app = make_app(SEARCH_INDEX_DIR=str(tmp_path / "absent"), SEARCH_BUILD_ON_START=False)
    client = app.test_client()
    response = client.get("/uk/search?q=захист")
    assert response.status_code == 503
    assert "Пошук тимчасово недоступний" in response.get_data(as_text=True)
    assert client.get("/uk/").status_code == 200


def test_corrupt_index_shows_the_notice(make_app, tmp_path):
    app = make_app(SEARCH_INDEX_DIR=str(tmp_path / "index"))
    for path in (tmp_path / "index" / "builds").rglob("*"):
        if path.is_file():
            path.write_bytes(b"broken")
    from search import store

    store._readers.clear()
    response = app.test_client().get("/ro/search?q=ordonanta")
    assert response.status_code == 503


def test_search_terms_are_not_logged(client, caplog):
    caplog.set_level("DEBUG")
    client.get("/ro/search?q=cuvantsecretdecautat")
    assert "cuvantsecretdecautat" not in caplog.text


def test_changed_file_updates_only_its_own_documents(make_app, tmp_path):
    from portal.content.library import load_library
    from portal.searching.service import update

    content = tmp_path / "content"
    shutil.copytree("tests/corpus", content)
    index = str(tmp_path / "index")
    build(load_library(content), index)
    page = content / "materials" / "protection-order.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new word: lighthouse.\n", encoding="utf-8")
    assert update(load_library(content), index) == ["materials/protection-order@en"]
    assert update(load_library(content), index) == []


def test_an_index_built_under_another_schema_is_rebuilt_not_updated(tmp_path):
    import json
    from pathlib import Path

    from portal.content.library import load_library
    from portal.searching.service import update

    library = load_library(Path("tests/corpus"))
    index = tmp_path / "index"
    build(library, str(index))
    manifest = index / "manifest.json"
    old = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**old, "schema": old["schema"] - 1}), encoding="utf-8")
    assert update(library, str(index)) == ["(full build)"]
    assert update(library, str(index)) == []


def test_start_rebuilds_an_index_built_under_another_schema(make_app, tmp_path):
    import json

    index = tmp_path / "index"
    make_app(SEARCH_INDEX_DIR=str(index))
    manifest = index / "manifest.json"
    old = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**old, "schema": old["schema"] - 1}), encoding="utf-8")
    first_build = (index / "CURRENT").read_text()
    app = make_app(SEARCH_INDEX_DIR=str(index))
    assert (index / "CURRENT").read_text() != first_build
    assert json.loads(manifest.read_text(encoding="utf-8"))["schema"] == old["schema"]
    assert app.test_client().get("/en/search?q=protection").status_code == 200


def test_search_analyzes_exactly_the_portal_languages():
    from portal.content.model import LANGUAGES as PORTAL_LANGUAGES
    from search.analysis import LANGUAGES as SEARCH_LANGUAGES

    assert PORTAL_LANGUAGES == SEARCH_LANGUAGES == ("ro", "ru", "uk", "en")


@pytest.mark.parametrize(
    "lang, query, material",
    [
        ("ro", "ordin de protectie", "/ro/materials/protection-order"),
        ("en", "emergency restraining order", "/en/materials/emergency-restraining-order"),
        ("uk", "захисний припис", "/uk/materials/protection-order"),
        ("en", "refugees", "/en/materials/refugees-from-ukraine"),
    ],
)
def test_anonymous_visitor_sees_the_public_material_before_the_guide(real_app, lang, query, material):
    found = real_app.test_client().get(f"/{lang}/search.json", query_string={"q": query}).get_json()
    assert found["hits"][0]["url"].split("#")[0] == material
    assert found["facets"]["kind"]["guide"] > 0  # the guide matches too, further down


def test_the_site_searches_with_the_content_synonyms(real_app):
    client = real_app.test_client()
    hits = client.get("/ru/search.json", query_string={"q": "муж следит за телефоном"}).get_json()["hits"]
    assert hits[0]["url"].startswith("/ru/materials/online-abuse")
    html = client.get("/ro/search", query_string={"q": "am fost violata ce fac"}).get_data(as_text=True)
    first = re.search(r'<ol class="results">\s*<li>\s*<a href="([^"]+)"', html)
    assert first and first.group(1).startswith("/ro/materials/after-sexual-violence")
