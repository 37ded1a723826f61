"""Query expansion: the words visitors type, searched also as the words the content uses.

Editors keep the rules per language (in the portal, `content/search-synonyms.yml`): each rule names what
the content says ("violență sexuală") and the everyday words and phrasings that mean it ("violată",
"m-a violat"); filler phrasings ("ce fac", "что делать") carry no search meaning. Rules and queries meet as
stems, through the language's own analyzer, so inflections, letters typed without diacritics and stop words
do not matter; a phrasing matches when all its stems are among the query's, in any order ("следит за
телефоном" matches "муж следит за моим телефоном").

A query with a match is searched as itself or as its rewriting: the matched words replaced by what the content
says, filler left out. Synonyms only add results; a rule can never hide a page the typed words find.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from search.analysis import LANGUAGES, stemming_analyzer


@dataclass(frozen=True)
class Expansion:
    """A query rewritten with the content's words, and the typed words the rules recognised."""

    text: str
    recognised: frozenset[str]


@dataclass(frozen=True)
class _Rule:
    stems: frozenset[str]
    means: str  # empty for filler


def _stems(lang: str, text: str) -> list[str]:
    return [token.text for token in stemming_analyzer(lang)(text)]


class Synonyms:
    """Per-language rules, analysed once; `expand` rewrites a query."""

    def __init__(
        self,
        synonyms: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
        filler: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._rules: dict[str, dict[str, list[_Rule]]] = {lang: {} for lang in LANGUAGES}
        for lang, meanings in (synonyms or {}).items():
            for means, phrasings in meanings.items():
                for phrasing in phrasings:
                    self._add(lang, phrasing, means)
        for lang, phrasings in (filler or {}).items():
            for phrasing in phrasings:
                self._add(lang, phrasing, "")

    def _add(self, lang: str, phrasing: str, means: str) -> None:
        if lang not in self._rules:
            return
        stems = frozenset(_stems(lang, phrasing))
        if stems:  # a phrasing of stop words alone would match every query
            rule = _Rule(stems, means)
            for stem in stems:
                self._rules[lang].setdefault(stem, []).append(rule)

    def expand(self, lang: str, text: str) -> Expansion | None:
        """Return `text` rewritten with the content's words, or None when no rule matches it."""
        rules = self._rules.get(lang)
        if not rules or '"' in text:  # phrases are searched as typed
            return None
        words = [(word, set(_stems(lang, word))) for word in text.split()]
        present = set().union(*(stems for _, stems in words)) if words else set()
        candidates = {rule for stem in present for rule in rules.get(stem, ())}
        matched = sorted(
            (rule for rule in candidates if rule.stems <= present),
            key=lambda rule: (-len(rule.stems), rule.means),
        )
        consumed: set[str] = set()
        meanings: list[str] = []
        for rule in matched:
            if rule.stems <= consumed:
                continue  # a longer phrasing already covered these words
            consumed |= rule.stems
            if rule.means and rule.means not in meanings:
                meanings.append(rule.means)
        if not consumed:
            return None
        kept = [word for word, stems in words if stems and not stems <= consumed]
        recognised = frozenset(word for word, stems in words if stems and stems <= consumed)
        rewritten = " ".join(kept + meanings)
        if not rewritten:  # filler alone: search what was typed
            return None
        return Expansion(rewritten, recognised)
