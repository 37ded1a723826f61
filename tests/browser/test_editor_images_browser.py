"""Adding an image in a real browser: without script, at 360 and 1280 px, the form and preview pass axe."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
STRONG = "violet harbour tractor seventeen quietly"
WIDE = "document.documentElement.scrollWidth > document.documentElement.clientWidth"

pytestmark = pytest.mark.browser


def _photo(tmp_path: Path) -> Path:
    out = BytesIO()
    Image.new("RGB", (800, 300), (30, 110, 170)).save(out, "JPEG")
    path = tmp_path / "harta.jpg"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("width", [360, 1280])
def test_an_editor_adds_an_image_without_script_and_the_page_passes_axe(
    browser, editors_server, tmp_path, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=False, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{editors_server.url}/ro/login")
    page.fill("#email", "editor@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(f"{editors_server.url}/ro/materials/protection-order")
    page.click("form.edit-page button")
    page.wait_for_url("**/ro/editor/drafts/*")
    page.fill("#body", page.input_value("#body") + "\n\nScris înainte de imagine.\n")
    page.set_input_files("#image", str(_photo(tmp_path)))
    page.fill("#image_alt", "Harta centrului")
    page.click("button[value=upload]")
    page.wait_for_load_state("load")
    body = page.input_value("#body")
    assert "Scris înainte de imagine." in body
    assert body.rstrip().endswith(".jpg)") and "![Harta centrului](images/" in body
    preview = page.locator(".preview img[alt='Harta centrului']")
    assert preview.count() == 1
    assert preview.evaluate("image => image.complete && image.naturalWidth") == 800  # loaded, from here
    assert not page.evaluate(WIDE)
    context.close()
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{editors_server.url}/ro/login")
    page.fill("#email", "editor@example.org")
    page.fill("#password", STRONG)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(f"{editors_server.url}/ro/editor/drafts")
    page.locator("main a[href*='/ro/editor/drafts/']").first.click()
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    context.close()


def test_a_published_image_loads_from_the_portal_under_its_csp_and_the_page_passes_axe(
    browser, corpus_server
):
    context = browser.new_context()
    page = context.new_page()
    requested, refused = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{corpus_server.url}/ro/trainings/open-module/intro")
    page.wait_for_load_state("networkidle")
    image = page.locator(".prose img")
    assert image.get_attribute("alt") == "Schema cursului: un dreptunghi galben pe albastru"
    assert image.evaluate("image => image.complete && image.naturalWidth") == 48
    assert f"{corpus_server.url}/images/5548608a2850ab86.png" in requested
    assert all(url.startswith(corpus_server.url + "/") for url in requested)
    assert refused == []
    context.close()
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{corpus_server.url}/ro/trainings/open-module/intro")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    context.close()
