"""Analyzers per language: Snowball stemmers for Romanian, Russian and English, pymorphy3 for Ukrainian.

Romanian text is folded to plain letters *before* stemming, so that ș/ş, ț/ţ, ă, â, î and letters typed
without diacritics all reach the same stem (stemming first gives different stems for "ordonanța" and
"ordonanta"). Russian folds ё to е. Every language drops its own stop words, among them the pronouns people
type into questions ("mă bate", "меня изнасиловали", "мене", "my").
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import Stemmer
from whoosh.analysis import Filter, RegexTokenizer, StopFilter

STOP_WORDS = {
    "ro": frozenset(
        """a acea acel acest aceasta aceste acestea ai al ale am ar are as asa au avea ca care ce cel cele
        cu cum da dar de deci din dintre dupa e ea el ele era este eu fi fie fost iar il in intr
        intre isi la le li lor lui mai mi ne nici nu o or ori pe pentru prin sa sau se si sunt
        ta te tu un una unei unor unui va vă mă îmi îți îl îi meu mea mei mele tău tale său sale""".split()
    ),
    "ru": frozenset(
        """а без бы был была были было в вам вас весь во вот все всё вы где да даже для до его ее её если
        есть ещё же за и из или им их к как ко когда кто ли либо мне мы на над не него нее неё
        нет ни них но ну о об однако он она они оно от по под при с со так также там то того
        тоже той только том ты у уже чем что чтобы эта эти это я меня мной мой моя мое моё мои моего моей
        моим мою себя свой свою""".split()
    ),
    "uk": frozenset(
        """а або але би був була були було в вам вас ви все всі де для до його її з за і із й їх к коли
        крім ми на над не ні них але о от по під при про та так також там те то тобто ти у уже
        хто це цей ця цю ще що щоб як яка який які я мене мені мною мій моя моє мої мого моєї моїм мою
        себе свій свою""".split()
    ),
    "en": frozenset(
        """a an and are as at be but by for from has have he her his how i if in into is it its me my no
        not of on or our she so that the their them they this to us was we were what when where
        which who will with you your""".split()
    ),
}

# The languages search analyzes: those with stop words here (and a stemmer and a normaliser below). The
# portal's list lives in portal.content.model; search may not import it, so a test checks that both agree.
LANGUAGES: tuple[str, ...] = tuple(STOP_WORDS)

_TOKENS = r"\w+(?:['’]\w+)*"


def fold_latin(text: str) -> str:
    """Remove diacritics from Latin letters: ș, ş, ţ, ț, ă, â, î become s, s, t, t, a, a, i."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


@lru_cache(maxsize=200_000)
def _uk_lemma(word: str) -> str:
    return _morph().parse(word)[0].normal_form


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


class _MapFilter(Filter):
    """Apply a word function to every token."""

    def __init__(self, function) -> None:
        self.function = function

    def __call__(self, tokens):
        for token in tokens:
            token.text = self.function(token.text)
            if token.text:
                yield token


@lru_cache(maxsize=200_000)
def _ro(word: str) -> str:
    # `word` is already folded to plain letters (see _normal_latin).
    if len(word) > 5 and word.endswith("ei"):
        # Snowball keeps the "e" of the feminine genitive-dative
        # ("victimei" -> "victime", "victima" -> "victim");
        # stem the nominative-articulated form instead, so "violenței" and "violența" meet.
        word = word[:-2] + "a"
    return _stemmer("romanian").stemWord(word)


@lru_cache(maxsize=200_000)
def _ru(word: str) -> str:
    return _stemmer("russian").stemWord(word.replace("ё", "е"))


def _uk(word: str) -> str:
    return _uk_lemma(word.replace("’", "'"))


@lru_cache(maxsize=200_000)
def _en(word: str) -> str:
    return _stemmer("english").stemWord(word.replace("’", "'"))


_STEMS = {"ro": _ro, "ru": _ru, "uk": _uk, "en": _en}


# Lower case and fold in one step, remembered per word: a corpus repeats a few thousand words many times.
@lru_cache(maxsize=200_000)
def _normal_latin(word: str) -> str:
    return fold_latin(word.lower())


def _fold_latin_letters(word: str) -> str:
    """Fold only the Latin letters of a word (Romanian names in Cyrillic text: ş/ș, ţ/ț alike), not й or ї."""
    return "".join(fold_latin(c) if c < "\u0400" else c for c in word)


@lru_cache(maxsize=200_000)
def _normal_ru(word: str) -> str:
    return _fold_latin_letters(word.lower().replace("ё", "е"))


@lru_cache(maxsize=200_000)
def _normal_uk(word: str) -> str:
    return _fold_latin_letters(word.lower().replace("’", "'"))


_NORMALS = {"ro": _normal_latin, "ru": _normal_ru, "uk": _normal_uk, "en": _normal_latin}


def _stop_key(language: str, word: str) -> str:
    return fold_latin(word) if language == "ro" else word


@cache
def stemming_analyzer(language: str):
    """Return the analyzer for searchable text in `language`."""
    stops = frozenset(_stop_key(language, w) for w in STOP_WORDS[language])
    return (
        RegexTokenizer(_TOKENS)
        | _MapFilter(_NORMALS[language])
        | StopFilter(stoplist=stops, minsize=1)
        | _MapFilter(_STEMS[language])
    )
