"""Rendered Markdown kept between starts: the same items as a fresh render, re-rendered on a change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.content import render_cache
from portal.content.library import load_library

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_a_second_start_renders_nothing_and_gives_the_same_items(tmp_path, monkeypatch):
    fresh = load_library(CORPUS)
    first = load_library(CORPUS, tmp_path / "cache")
    monkeypatch.setattr(render_cache, "render", lambda *args: pytest.fail("rendered again"))
    second = load_library(CORPUS, tmp_path / "cache")
    assert dict(first.items) == dict(second.items) == dict(fresh.items)
    assert second.problems == fresh.problems


def test_a_changed_file_is_rendered_again_and_its_old_entry_dropped(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    load_library(content, tmp_path / "cache")
    entries = len(list((tmp_path / "cache").glob("*.json")))
    page = content / "materials" / "protection-order.en.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nA new paragraph about lighthouses.\n", encoding="utf-8"
    )
    library = load_library(content, tmp_path / "cache")
    assert "lighthouses" in library.items[("materials/protection-order", "en")].html
    assert len(list((tmp_path / "cache").glob("*.json"))) == entries


def test_damaged_or_unwritable_cache_falls_back_to_rendering(tmp_path):
    fresh = load_library(CORPUS)
    load_library(CORPUS, tmp_path / "cache")
    for entry in (tmp_path / "cache").glob("*.json"):
        entry.write_text('{"html": ', encoding="utf-8")
    assert dict(load_library(CORPUS, tmp_path / "cache").items) == dict(fresh.items)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    assert dict(load_library(CORPUS, not_a_folder).items) == dict(fresh.items)
