"""Pages name only services the directory holds; the directory holds every service the fact sheet verifies.

Content links to one entry of the services directory as `/services#<id>`. The files are read directly (no
app), and the list of known ids comes from content/services.yml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SERVICE_LINK = re.compile(r"/services#([^\s)\]\"'>]*)")

# The services the fact sheet (section 6, and the services of section 2) verifies, with the phones it gives.
# An empty list means the sheet publishes no number: the directory must not show one (never invent a phone).
FACT_SHEET_SERVICES = {
    "family-justice-center": ["+373 60 85 99 88"],
    "ungheni-integrated-service": ["078 517 327", "078 495 866"],
    "forensic-examination-unit": [],
    "cap-chisinau": ["022 553 042"],
    "maternal-centre-causeni": ["0243 26 835"],
    "maternal-centre-anenii-noi": [],
    "maternal-centre-hincesti": ["0269 23 364"],
    "maternal-centre-cahul": ["0299 44 080"],
    "family-crisis-centre-balti": ["0231 92 541"],
    "maternal-centre-drochia": ["0252 21 032"],
    "casa-marioarei": ["022 725 861"],
    "womens-law-centre-day-centre": ["0 8008 0000", "+373 22 811 999"],
    "memoria": ["022 273 222"],
    "ungheni-regional-centre": [],
    "gagauzia-rehabilitation-centre": [],
    "salvia": [],
    "cnajgs": ["(022) 31 02 74"],
    "cnajgs-chisinau": ["+373 22 49 69 53"],
    "cnajgs-balti": ["+373 231 61 316"],
    "cnajgs-cahul": ["+373 299 20 413"],
    "cnajgs-comrat": ["+373 298 28 853"],
}


def services() -> list[dict]:
    return yaml.safe_load((CONTENT / "services.yml").read_text(encoding="utf-8"))["services"]


def national_digits(phone: str) -> str:
    """The number as dialled inside Moldova: "+373 22 49 69 53" and "022 49 69 53" are the same number."""
    digits = re.sub(r"\D", "", phone)
    return "0" + digits[3:] if digits.startswith("373") else digits


def content_files() -> list[Path]:
    return sorted(p for p in CONTENT.rglob("*") if p.is_file() and p.suffix in {".md", ".yml"})


def test_service_ids_are_unique():
    ids = [s["id"] for s in services()]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_service_link_names_a_service_in_the_directory():
    known = {s["id"] for s in services()}
    unknown = []
    for path in content_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if path.suffix == ".yml" and line.lstrip().startswith("#"):
                continue  # a YAML comment, not text anyone reads
            for match in SERVICE_LINK.finditer(line):
                if match.group(1) not in known:
                    unknown.append(
                        f"{path.relative_to(ROOT).as_posix()}:{number}: /services#{match.group(1)}"
                    )
    assert unknown == [], "links to services the directory does not hold:\n" + "\n".join(unknown)


def test_pages_link_to_services_by_id():
    """The test above only means something if pages use the links; where-to-get-help must."""
    linked = set()
    for path in CONTENT.glob("materials/where-to-get-help.*.md"):
        linked |= set(SERVICE_LINK.findall(path.read_text(encoding="utf-8")))
    assert {"cnajgs", "forensic-examination-unit", "ungheni-regional-centre"} <= linked


@pytest.mark.parametrize("service_id", sorted(FACT_SHEET_SERVICES))
def test_fact_sheet_service_is_in_the_directory(service_id):
    entry = next((s for s in services() if s["id"] == service_id), None)
    assert entry is not None, f"services.yml has no entry '{service_id}'"
    for field in ("name", "description"):
        missing = {"ro", "ru", "uk", "en"} - set(entry.get(field) or {})
        assert not missing, f"{service_id}: {field} lacks {sorted(missing)}"
    assert entry.get("verified"), f"{service_id}: no verified date"
    assert entry.get("sources"), f"{service_id}: no sources"
    shown = [national_digits(p) for p in entry.get("phones") or []]
    assert shown == [national_digits(p) for p in FACT_SHEET_SERVICES[service_id]], (
        f"{service_id}: phones differ from the fact sheet"
    )
    if not shown:
        assert entry.get("to_complete"), f"{service_id}: no phone and nothing in to_complete says so"
