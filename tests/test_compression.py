"""Light on the wire: pages, CSS and JS compressed (Brotli, else gzip), static files cached under versions."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest

STATIC = Path(__file__).resolve().parents[1] / "portal" / "static"
PAGE = "/ro/materials/protection-order"


@pytest.mark.parametrize(
    "accept, encoding, decode",
    [
        ("br", "br", brotli.decompress),
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
    ],
)
def test_pages_come_compressed_as_the_browser_asks_and_from_the_cache_the_same(
    real_app, accept, encoding, decode
):
    client = real_app.test_client()
    plain = client.get(PAGE).get_data()
    first = client.get(PAGE, headers={"Accept-Encoding": accept})
    again = client.get(PAGE, headers={"Accept-Encoding": accept})
    assert first.headers["Content-Encoding"] == encoding and again.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in again.headers["Vary"]
    assert decode(first.get_data()) == plain and again.get_data() == first.get_data()
    assert len(first.get_data()) < len(plain) / 2
    # the browser's cached copy is still validated, per encoding
    etag = again.headers["ETag"]
    assert client.get(PAGE, headers={"Accept-Encoding": accept, "If-None-Match": etag}).status_code == 304
    assert etag != client.get(PAGE).headers["ETag"]


def test_a_client_that_asks_for_nothing_gets_plain_html(real_app):
    response = real_app.test_client().get(PAGE)
    assert "Content-Encoding" not in response.headers
    assert response.get_data(as_text=True).startswith("<!doctype html>")


def test_a_brotli_refusal_by_quality_gets_gzip(real_app):
    response = real_app.test_client().get(PAGE, headers={"Accept-Encoding": "br;q=0, gzip"})
    assert response.headers["Content-Encoding"] == "gzip"


def test_static_addresses_carry_a_version_of_the_file_and_are_cached_for_a_year(real_app):
    client = real_app.test_client()
    html = client.get("/ro/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/site\.css\?v=([0-9a-f]+))"', html)
    assert css, "the stylesheet link has no version"
    assert css.group(2) == hashlib.sha256((STATIC / "css" / "site.css").read_bytes()).hexdigest()[:12]
    assert re.search(r'src="/static/js/quick-exit\.js\?v=[0-9a-f]{12}"', html)
    response = client.get(css.group(1), headers={"Accept-Encoding": "br"})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.get_data()) == (STATIC / "css" / "site.css").read_bytes()
    zipped = client.get(css.group(1), headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(zipped.get_data()) == (STATIC / "css" / "site.css").read_bytes()
    # an old or missing version is revalidated, never kept for a year
    for address in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        assert "immutable" not in client.get(address).headers.get("Cache-Control", "")
