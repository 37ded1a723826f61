"""'Did you mean': misspelt words replaced by close words that the searcher's visible sections contain.

The index keeps stems, not words. A typed word is stemmed with its language's analyzer; when no visible
section has that stem, close stems in the index are tried (edit distance 1, then 2 for longer words). The one
needing the fewest edits wins, then the one in most visible sections. The word shown is read back from the
content: of the forms written at that stem's character spans in a few of those sections, the one that looks
most like what was typed, so the suggestion is a real word with its diacritics.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from difflib import SequenceMatcher

from search.analysis import stemming_analyzer

SAMPLE_SECTIONS = 10  # sections whose written forms of a suggested stem are compared with the typed word


def suggest(
    searcher, cleaned: str, languages: tuple[str, ...], allowed: set[int], keep: frozenset[str] = frozenset()
) -> str | None:
    """Return `cleaned` with misspelt words replaced (never those in `keep`), or None when none needed it."""
    replaced, changed = [], False
    for word in cleaned.replace('"', " ").split():
        better = None
        for lang in languages if word not in keep else ():
            stem = next((token.text for token in stemming_analyzer(lang)(word)), "")
            if len(stem) < 3 or _known(searcher, lang, stem, allowed):
                break
            better = _closest_word(searcher, f"body_{lang}", stem, word.lower(), allowed)
            if better:
                break
        replaced.append(better or word)
        changed = changed or bool(better)
    return " ".join(replaced) if changed else None


def _known(searcher, lang: str, stem: str, allowed: set[int]) -> bool:
    return any(
        next(_visible(searcher, f"{kind}_{lang}", stem, allowed), None) is not None
        for kind in ("title", "body")
    )


def _closest_word(searcher, fieldname: str, stem: str, typed: str, allowed: set[int]) -> str | None:
    """Return the visible word whose stem is nearest `stem`: fewest edits first, then most sections."""
    for distance in range(1, (1 if len(stem) < 6 else 2) + 1):
        found = []
        for candidate in searcher.reader().terms_within(fieldname, stem, distance, prefix=1):
            if len(candidate) >= 3 and candidate != stem:
                docs = list(_visible(searcher, fieldname, candidate, allowed))
                if docs:
                    found.append((-len(docs), candidate, docs))
        if found:
            _, candidate, docs = min(found)
            return _closest_form(searcher, fieldname, candidate, docs[:SAMPLE_SECTIONS], typed)
    return None


def _visible(searcher, fieldname: str, stem: str, allowed: set[int]) -> Iterator[int]:
    """Yield the visible sections whose `fieldname` holds `stem`, lazily: a known word stops at the first."""
    term = (fieldname, searcher.schema[fieldname].to_bytes(stem))
    if term in searcher.reader():
        yield from (number for number in searcher.postings(*term).all_ids() if number in allowed)


def _closest_form(searcher, fieldname: str, stem: str, docs: list[int], typed: str) -> str | None:
    """Return the written form of `stem`, among its occurrences in `docs`, most like what was typed."""
    postings = searcher.postings(fieldname, searcher.schema[fieldname].to_bytes(stem))
    forms: Counter[str] = Counter()
    for number in docs:
        postings.skip_to(number)
        if not postings.is_active():
            break
        if postings.id() == number:
            text = searcher.stored_fields(number).get(fieldname) or ""
            forms.update(text[start:end].lower() for _, start, end in postings.value_as("characters"))
    if not forms:
        return None
    return max(forms, key=lambda form: (SequenceMatcher(None, typed, form).ratio(), forms[form]))
