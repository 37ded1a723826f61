"""Every help-line number the site shows is exactly the fact sheet's."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from portal.content.hashing import body_of

ROOT = Path(__file__).resolve().parents[1]
FACT_SHEET = ROOT.parent / "shared" / "facts" / "domain-facts.md"  # beside the clone, wherever it is
IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")
REQUIRED_ON_EVERY_PAGE = ["0 8008 8008", "0 8008 0000", "0 800 99 800", "112", "116 111"]


def fact_sheet_numbers() -> set[str]:
    if not FACT_SHEET.exists():
        missing = f"the fact sheet is not beside the repository ({FACT_SHEET})"
        if IN_CI:
            pytest.fail(f"{missing}; CI must check the help lines against it")
        pytest.skip(missing)
    text = FACT_SHEET.read_text(encoding="utf-8")
    table = text.split("## 3. Hotlines", 1)[1].split("\n## ", 1)[0]
    numbers = set()
    for row in table.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[0-9() +]+", cells[0]):
            numbers.add(cells[0])
            numbers.update(re.findall(r"\+373(?: \d+)+", cells[1]))
    return numbers


def national(number: str) -> str:
    """The number without country code or trunk 0: '(22) 254 998' and '+373 22 254 998' -> 22254998."""
    digits = re.sub(r"\D", "", number)
    digits = digits[3:] if number.strip().startswith("+373") else digits
    return digits.lstrip("0") if len(digits) > 3 else digits


def hotlines() -> list[dict]:
    return yaml.safe_load((ROOT / "content" / "hotlines.yml").read_text(encoding="utf-8"))["hotlines"]


def test_every_hotline_number_is_in_the_fact_sheet():
    known = {national(n) for n in fact_sheet_numbers()}
    for line in hotlines():
        assert national(line["number"]) in known, line["id"]
        if line.get("abroad"):
            assert national(line["abroad"]) in known, line["id"]


def test_every_fact_sheet_hotline_is_listed():
    listed = {national(line["number"]) for line in hotlines()}
    listed |= {national(line["abroad"]) for line in hotlines() if line.get("abroad")}
    assert {n for n in fact_sheet_numbers() if national(n) not in listed} == set()


def test_tel_links_dial_the_shown_number():
    for line in hotlines():
        digits = re.sub(r"\D", "", line["number"])
        assert re.sub(r"\D", "", line["tel"]).endswith(digits), line["id"]


@pytest.mark.parametrize("lang", ["ro", "ru", "uk", "en"])
def test_required_hotlines_show_on_public_pages(real_app, lang):
    client = real_app.test_client()
    for path in (f"/{lang}/", f"/{lang}/services", f"/{lang}/materials/no-such-page"):
        html = client.get(path).get_data(as_text=True)
        for number in REQUIRED_ON_EVERY_PAGE:
            assert f">{number}</strong>" in html, (path, number)


def test_phone_numbers_written_in_content_are_the_fact_sheets():
    known = {national(n) for n in fact_sheet_numbers() | {"+373 60 85 99 88", "078 517 327", "078 495 866"}}
    pattern = re.compile(
        r"(?<![\d.,/-])(?:\+373[ \d]{8,13}\d|0 ?8\d{2}[ \d]{4,7}\d|\(22\) \d{3} \d{3}|116 ?111"
        r"|07\d \d{3} \d{3})"
    )
    wrong = []
    for path in (ROOT / "content").rglob("*.md"):
        # the body only: front matter holds source hashes and dates, whose digits can look like a number
        for number in pattern.findall(body_of(path.read_text(encoding="utf-8"))):
            if national(number) not in known:
                wrong.append((path.relative_to(ROOT).as_posix(), number))
    assert wrong == []
