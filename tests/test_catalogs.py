"""Interface translations: complete, never fuzzy, and in step with the templates and code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "portal" / "translations"


def catalog(lang: str):
    with (CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def extracted_ids(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("lang", ["ro", "ru", "uk", "en"])
def test_catalog_is_complete_and_not_fuzzy(lang):
    messages = [m for m in catalog(lang) if m.id]
    assert messages
    untranslated = [
        m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert untranslated == []
    assert [m.id for m in messages if m.fuzzy] == []


def test_catalogs_hold_every_string_the_code_uses(tmp_path):
    used = extracted_ids(tmp_path)
    for lang in ("ro", "ru", "uk", "en"):
        translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(lang) if m.id}
        assert used - translated == set(), f"{lang}: run `make translations` and translate"


def test_placeholders_survive_translation():
    for lang in ("ro", "ru", "uk"):
        for message in catalog(lang):
            if message.id and "%(" in message.id:
                names = sorted(part.split(")")[0] for part in message.id.split("%(")[1:])
                assert sorted(part.split(")")[0] for part in message.string.split("%(")[1:]) == names, (
                    message.id
                )


def test_pages_are_served_in_the_translated_interface(client):
    assert "Ieșire rapidă" in client.get("/ro/").get_data(as_text=True)
    assert "Быстрый выход" in client.get("/ru/").get_data(as_text=True)
    assert "Швидкий вихід" in client.get("/uk/").get_data(as_text=True)
    assert "Quick exit" in client.get("/en/").get_data(as_text=True)
