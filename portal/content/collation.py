"""Alphabetical order as each language's readers expect it: the Unicode Collation Algorithm (pyuca).

The root collation (DUCET) already orders Russian and English, and most of Ukrainian (є after е, і after
и, й after і). CLDR tailors the rest, and so do we: in Romanian ă, â, î, ș and ț are letters of their own,
after a, a, i, s and t; in Ukrainian ґ comes after г and ї after і (not as accented variants of them).
"""

from __future__ import annotations

import copy
import unicodedata
from functools import cache

import pyuca
from pyuca.trie import Trie

# letter -> (the letter it follows, its place after it), from CLDR's ro and uk rules; ş, ţ collate as ș, ț.
_TAILORINGS: dict[str, dict[str, tuple[str, int]]] = {
    "ro": {
        "ă": ("a", 1),
        "â": ("a", 2),
        "î": ("i", 1),
        "ș": ("s", 1),
        "ş": ("s", 1),
        "ț": ("t", 1),
        "ţ": ("t", 1),
    },
    "uk": {"ґ": ("г", 1), "ї": ("і", 1)},
}
# A primary weight above every letter's: the tailored letter sorts after all words with its base letter.
_AFTER_ALL_LETTERS = 0xFFF0


class _TailoredTable:
    """The root table with a few letters of a language's own looked up first."""

    def __init__(self, root: Trie, letters: Trie) -> None:
        self.root, self.letters = root, letters

    def find_prefix(self, key: list[int]) -> tuple[list[int], list | None, list[int]]:
        """Return what the language's letters match, else what the root table matches."""
        found = self.letters.find_prefix(key)
        return found if found[1] else self.root.find_prefix(key)


@cache
def _root() -> pyuca.Collator:
    """Load the Unicode collation table once (about 0.4 s), on first use."""
    return pyuca.Collator()


@cache
def _collator(lang: str) -> pyuca.Collator:
    """Return the root collator with `lang`'s tailoring, if it has one."""
    root = _root()
    if lang not in _TAILORINGS:
        return root
    letters = Trie()
    for letter, (after, rank) in _TAILORINGS[lang].items():
        for spelling, base in ((letter, after), (letter.upper(), after.upper())):
            elements = root.collation_elements(base)
            extra = [_AFTER_ALL_LETTERS + rank, elements[0][1], elements[0][2]]
            letters.add([ord(c) for c in unicodedata.normalize("NFD", spelling)], [*elements, extra])
    tailored = copy.copy(root)
    tailored.table = _TailoredTable(root.table, letters)
    return tailored


def sort_key(text: str, lang: str) -> tuple[int, ...]:
    """Return a key that sorts `text` alphabetically in `lang`."""
    return _collator(lang).sort_key(text)
