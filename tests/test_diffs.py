"""Side-by-side diffs: an editor sees which lines and which words changed, and nothing they wrote runs."""

from __future__ import annotations

from portal.editorial.diffs import changed, side_by_side


def test_a_changed_word_is_marked_on_both_sides():
    rows = side_by_side(
        "Ordinul de protecție se emite în 24 de ore.\n", "Ordinul de protecție se emite în 72 de ore.\n"
    )
    assert [row.kind for row in rows] == ["changed"]
    assert str(rows[0].left) == "Ordinul de protecție se emite în <del>24</del> de ore."
    assert str(rows[0].right) == "Ordinul de protecție se emite în <ins>72</ins> de ore."


def test_added_and_removed_lines_keep_their_numbers():
    rows = side_by_side("one\ntwo\nthree\n", "one\nthree\nfour\n")
    kinds = [(row.kind, row.left_number, row.right_number) for row in rows]
    assert kinds == [("same", 1, 1), ("removed", 2, None), ("same", 3, 2), ("added", None, 3)]
    assert str(rows[1].left) == "<del>two</del>"
    assert str(rows[3].right) == "<ins>four</ins>"


def test_markup_in_either_text_is_shown_not_run():
    rows = side_by_side("a <b>safe</b> line", "a <script>alert(1)</script> line")
    html = str(rows[0].left) + str(rows[0].right)
    assert "<script>" not in html and "<b>" not in html
    assert str(rows[0].right) == (
        "a &lt;<ins>script</ins>&gt;<ins>alert(1)</ins>&lt;/<ins>script</ins>&gt; line"
    )


def test_a_new_file_is_all_added_and_identical_texts_have_no_change():
    rows = side_by_side(None, "title\nbody")
    assert [row.kind for row in rows] == ["added", "added"]
    assert changed(rows)
    assert not changed(side_by_side("same\ntext", "same\ntext"))
