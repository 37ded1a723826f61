"""Composing a content file from the edit form's values, and reading it back: plain functions."""

from __future__ import annotations

from datetime import date

from portal.editorial import frontmatter

FILE = """---
title: Ordonanța de protecție
status: published
audience: public
reviewed: 2026-11-20
hotlines: [trust-line]
articles: [53]
sources: ["Legea nr. 45/2007"]
x-note: kept as it was
---

Textul.
"""


def test_a_file_reads_as_form_values():
    meta, body = frontmatter.split(FILE)
    assert body == "Textul.\n"
    values = frontmatter.to_values(meta)
    assert values["title"] == "Ordonanța de protecție"
    assert values["reviewed"] == "2026-11-20"
    assert values["articles"] == "53"
    assert values["sources"] == "Legea nr. 45/2007"
    assert values["competencies"] == []


def test_composing_writes_known_fields_in_order_and_keeps_unknown_keys():
    meta, body = frontmatter.split(FILE)
    values = {
        **frontmatter.to_values(meta),
        "articles": "53, 12",
        "sources": "Legea 45/2007\n\nCodul penal\n",
    }
    text = frontmatter.compose(frontmatter.from_values(values, meta), body)
    assert text == (
        "---\n"
        "title: Ordonanța de protecție\n"
        "status: published\n"
        "audience: public\n"
        "reviewed: 2026-11-20\n"
        "articles: [53, 12]\n"
        "sources: [Legea 45/2007, Codul penal]\n"
        "hotlines: [trust-line]\n"
        "x-note: kept as it was\n"
        "---\n"
        "\n"
        "Textul.\n"
    )


def test_composing_is_deterministic_and_round_trips():
    meta, body = frontmatter.split(FILE)
    once = frontmatter.compose(frontmatter.from_values(frontmatter.to_values(meta), meta), body)
    meta2, body2 = frontmatter.split(once)
    twice = frontmatter.compose(frontmatter.from_values(frontmatter.to_values(meta2), meta2), body2)
    assert once == twice
    assert meta2["reviewed"] == date(2026, 11, 20)


def test_values_that_are_not_their_type_are_kept_as_typed():
    meta = frontmatter.from_values(
        {"reviewed": "2026-13-45", "order": "al doilea", "articles": "53 nouă"}, {}
    )
    assert meta == {"reviewed": "2026-13-45", "order": "al doilea", "articles": [53, "nouă"]}


def test_empty_fields_are_left_out_and_windows_line_ends_become_unix():
    text = frontmatter.compose(frontmatter.from_values({"title": "T", "summary": "  "}, {}), "a\r\nb\r\n")
    assert text == "---\ntitle: T\n---\n\na\nb\n"


def test_a_problem_line_is_placed_on_its_field_or_its_body_line():
    text = "---\ntitle: T\nsources:\n- one\n---\n\nfirst\nsecond\n"
    assert frontmatter.field_at(text, 2) == "title"
    assert frontmatter.field_at(text, 4) == "sources"
    assert frontmatter.field_at(text, 8) is None
    assert frontmatter.body_line(text, 8) == 2
    assert frontmatter.body_line(text, 3) is None


def test_a_preview_places_schema_problems_on_fields_and_link_problems_on_body_lines():
    from pathlib import Path

    from portal.content.library import load_library
    from portal.editorial.preview import preview

    library = load_library(Path(__file__).parent / "corpus")
    text = "---\nstatus: published\naudience: public\nreviewed: '2026-13-45'\nsources: [x]\n---\n\nA\n"
    shown = preview(text, "materials/new-page.ro.md", library)
    assert shown.item is None and shown.errors
    assert set(shown.fields) == {"title", "reviewed"}
    good = "---\ntitle: T\nstatus: draft\naudience: public\nreviewed: 2026-11-20\nsources: [x]\n---\n\n"
    shown = preview(
        good + "Unu.\n\nVedeți [aici](/materials/nowhere).\n", "materials/new-page.ro.md", library
    )
    assert shown.body == [(3, "broken internal link: /materials/nowhere")]
    assert "<p>Unu.</p>" in shown.item.html


REAL = """---
title: Ordonanța de protecție
summary: O decizie a judecătorului care te apără de agresor, în 24 de ore, pentru până la 3 luni, și mai mult.
status: published
audience: public
priority: 40
reviewed: 2026-11-22
articles: [52, 53, 57]
competencies: []
sources:
  - "Convenția de la Istanbul (CETS nr. 210), art. 52, 53, 57 — coe.int"
  - "Legea nr. 45/2007 — lex.justice.md"
---

Textul.
"""


def test_fields_the_editor_did_not_change_keep_their_lines_as_written():
    meta, body = frontmatter.split(REAL)
    unchanged = frontmatter.compose(frontmatter.from_values(frontmatter.to_values(meta), meta), body, REAL)
    assert unchanged == REAL
    values = {**frontmatter.to_values(meta), "reviewed": "2026-12-03", "articles": "52, 53"}
    changed = frontmatter.compose(frontmatter.from_values(values, meta), body + "Încă un rând.\n", REAL)
    assert changed == (
        REAL.replace("reviewed: 2026-11-22", "reviewed: 2026-12-03")
        .replace("articles: [52, 53, 57]", "articles: [52, 53]")
        .replace("Textul.\n", "Textul.\nÎncă un rând.\n")
    )


def test_a_cleared_field_is_removed_and_a_new_one_added_after_the_others():
    meta, body = frontmatter.split(REAL)
    values = {**frontmatter.to_values(meta), "articles": "", "order": "3"}
    text = frontmatter.compose(frontmatter.from_values(values, meta), body, REAL)
    assert "articles:" not in text
    assert text.split("---\n")[1].endswith('  - "Legea nr. 45/2007 — lex.justice.md"\norder: 3\n')
