"""'Did you mean': misspelt words replaced by close words that the searcher's visible sections contain.

The index keeps stems, not words. A typed word is stemmed with its language's analyzer; when no visible
section has that stem, the closest stems in the index (edit distance 1, or 2 for longer words) are tried, the
one found in most visible sections wins, and the word shown is read back from one of those sections, at the
character span the index recorded for it, so the suggestion is a real word with its diacritics.
"""

from __future__ import annotations

from search.analysis import stemming_analyzer


def suggest(searcher, cleaned: str, languages: tuple[str, ...], allowed: set[int]) -> str | None:
    """Return `cleaned` with misspelt words replaced, or None when no word needed replacing."""
    replaced, changed = [], False
    for word in cleaned.replace('"', " ").split():
        better = None
        for lang in languages:
            stem = next((token.text for token in stemming_analyzer(lang)(word)), "")
            if len(stem) < 3 or _known(searcher, lang, stem, allowed):
                better = None
                break
            better = _closest_word(searcher, f"body_{lang}", stem, allowed)
            if better:
                break
        replaced.append(better or word)
        changed = changed or bool(better)
    return " ".join(replaced) if changed else None


def _known(searcher, lang: str, stem: str, allowed: set[int]) -> bool:
    return any(_visible_docs(searcher, f"{kind}_{lang}", stem, allowed) for kind in ("title", "body"))


def _closest_word(searcher, fieldname: str, stem: str, allowed: set[int]) -> str | None:
    distance = 1 if len(stem) < 6 else 2
    found = []
    for candidate in searcher.reader().terms_within(fieldname, stem, distance, prefix=1):
        if len(candidate) >= 3 and candidate != stem:
            docs = _visible_docs(searcher, fieldname, candidate, allowed)
            if docs:
                found.append((-len(docs), candidate, docs[0]))
    if not found:
        return None
    _, candidate, number = min(found)
    return _word_at(searcher, fieldname, candidate, number)


def _visible_docs(searcher, fieldname: str, stem: str, allowed: set[int]) -> list[int]:
    term = (fieldname, searcher.schema[fieldname].to_bytes(stem))
    if term not in searcher.reader():
        return []
    return [number for number in searcher.postings(*term).all_ids() if number in allowed]


def _word_at(searcher, fieldname: str, stem: str, number: int) -> str | None:
    """Return the first word of section `number` that the index stemmed to `stem`, in lower case."""
    postings = searcher.postings(fieldname, searcher.schema[fieldname].to_bytes(stem))
    postings.skip_to(number)
    if not postings.is_active() or postings.id() != number:
        return None
    _, start, end = postings.value_as("characters")[0]
    text = searcher.stored_fields(number).get(fieldname) or ""
    return text[start:end].lower() or None
