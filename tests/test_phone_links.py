"""Every phone number in content is a tap-to-call link in its international form; a page's own lines first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.cli import check_content
from portal.content.phones import tel_uri
from portal.content.render import render

TESTS = Path(__file__).resolve().parent
LANGS = ("ro", "ru", "uk", "en")
HELP_MATERIALS = (
    "where-to-get-help",
    "trafficking-and-safe-migration",
    "refugees-from-ukraine",
    "after-sexual-violence",
)
# Every number these four materials write, as written.
NUMBERS = (
    "112",
    "116 111",
    "0 8008 8008",
    "0 8008 0000",
    "0 800 99 800",
    "0 800 77777",
    "0 800 800 11",
    "+373 22 254 998",
    "+373 22 24 06 24",
    "+373 22 23 33 09",
    "+373 60 85 99 88",
    "078 517 327",
    "078 495 866",
)


@pytest.mark.parametrize(
    "written, href",
    [
        ("0 800 88008", "tel:+37380088008"),
        ("0 8008 8008", "tel:+37380088008"),
        ("112", "tel:112"),
        ("116 111", "tel:116111"),
        ("(22) 254 998", "tel:+37322254998"),
        ("022 254 998", "tel:+37322254998"),
        ("+373 22 24 06 24", "tel:+37322240624"),
        ("078 517 327", "tel:+37378517327"),
        ("2023", None),
        ("45/2007", None),
    ],
)
def test_numbers_are_dialled_in_international_form(written, href):
    assert tel_uri(written) == href


def test_markdown_numbers_become_links_and_other_figures_do_not():
    html = render(
        "Sună la **112** sau la 0 8008 8008 (gratuit), din străinătate +373 22 24 06 24; "
        "poliția: (22) 254 998.\n\n"
        "Legea nr. 45/2007, art. 112 din cod, 2 161 ordonanțe în 2017, 24/7, `0 8008 8008` ca exemplu.\n",
        "ro",
    ).html
    assert '<strong><a class="phone" href="tel:112">112</a></strong>' in html
    assert '<a class="phone" href="tel:+37380088008">0 8008 8008</a> (gratuit)' in html
    assert '<a class="phone" href="tel:+37322240624">+373 22 24 06 24</a>' in html
    assert '<a class="phone" href="tel:+37322254998">(22) 254 998</a>' in html
    second = html.split("</p>", 1)[1]
    assert "tel:" not in second  # the law, the article, the count, the year and the code sample stay text
    assert "<code>0 8008 8008</code>" in second


def test_the_sanitizer_keeps_tel_links_and_drops_other_schemes():
    html = render('<a href="tel:+37380088008">sună</a> <a href="javascript:alert(1)">x</a>\n', "ro").html
    assert 'href="tel:+37380088008"' in html
    assert "javascript" not in html


def prose(html: str) -> str:
    return html.split('<div class="prose">', 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", HELP_MATERIALS)
def test_every_number_in_the_help_materials_is_a_tel_link(real_app, slug, lang):
    body = prose(real_app.test_client().get(f"/{lang}/materials/{slug}").get_data(as_text=True))
    without_links = re.sub(r'<a class="phone" href="tel:[+0-9]+">[^<]*</a>', "", body)
    text = re.sub(r"<[^>]+>", " ", without_links)
    linked = [number for number in NUMBERS if f">{number}</a>" in body]
    assert linked, "the page writes none of the help numbers"
    left = [number for number in NUMBERS if re.search(rf"(?<![\d+]){re.escape(number)}(?!\d)", text)]
    assert left == []


@pytest.mark.parametrize(
    "slug, first",
    [
        ("where-to-get-help", ["112", "0 8008 8008", "+373 22 24 06 24", "0 8008 0000"]),
        ("trafficking-and-safe-migration", ["0 800 77777", "+373 22 23 33 09", "+373 22 254 998", "112"]),
        ("refugees-from-ukraine", ["0 800 800 11", "0 8008 8008", "+373 22 24 06 24", "112"]),
        ("after-sexual-violence", ["112", "0 8008 8008", "+373 22 24 06 24"]),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_the_pages_own_lines_come_before_the_body(real_app, slug, first, lang):
    html = real_app.test_client().get(f"/{lang}/materials/{slug}").get_data(as_text=True)
    article = html.split("<article", 1)[1]
    before_body = article.split('<div class="prose">', 1)[0]
    assert re.findall(r'<a class="phone" href="tel:[^"]+">([^<]+)</a>', before_body) == first


def test_an_unknown_help_line_is_reported(tmp_path):
    for name in ("hotlines.yml", "competencies.yml", "services.yml", "agencies.yml"):
        (tmp_path / name).write_text((TESTS / "corpus" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "materials").mkdir()
    (tmp_path / "materials" / "a.ro.md").write_text(
        "---\ntitle: T\nstatus: published\naudience: public\nreviewed: 2026-11-20\nsources: [x]\n"
        "hotlines: [emergency, no-such-line]\n---\n\nText.\n",
        encoding="utf-8",
    )
    lines, ok = check_content(tmp_path, strict=False)
    assert not ok
    assert any("a.ro.md:1: error: unknown help line 'no-such-line'" in line for line in lines), lines


def test_numbers_in_plain_front_matter_text_are_linked_and_the_rest_escaped():
    from portal.content.phones import link_phones

    assert link_phones("<b>Linia 0 800 77777</b> — lastrada.md") == (
        '&lt;b&gt;Linia <a class="phone" href="tel:+37380077777">0 800 77777</a>&lt;/b&gt; — lastrada.md'
    )


def test_no_content_file_writes_a_number_a_mobile_cannot_dial():
    # "(22) 254 998" drops the trunk 0: dialled from a mobile it reaches nobody. Landlines are written
    # with +373 (which also works from a foreign SIM); the header strip shows the hotlines file's numbers.
    content = TESTS.parent / "content"
    local = re.compile(r"\(\s*0?\d{2,3}\s*\)\s*\d")
    found = [
        f"{path.relative_to(content)}:{number}: {line.strip()}"
        for path in sorted(content.rglob("*"))
        if path.suffix in (".md", ".yml")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if local.search(line)
    ]
    assert found == []
    assert tel_uri("+373 22 254 998") == "tel:+37322254998"
