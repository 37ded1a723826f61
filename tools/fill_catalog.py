"""Fill a language's message catalog from a JSON file of {msgid: translation}.

Usage: python tools/fill_catalog.py LANG translations.json
Plural entries take a list of forms in the catalog's order (ro: 3, ru: 3, uk: 3, en: 2).
English is the source language of the interface: `python tools/fill_catalog.py en --identity` copies every
msgid into its msgstr. Run `make translations` first so the catalog holds every msgid.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGS = Path(__file__).resolve().parent.parent / "portal" / "translations"


def fill(lang: str, translations: dict[str, str] | None) -> list[str]:
    """Set msgstr for every msgid found in `translations` (or copy msgids); return msgids still empty."""
    path = CATALOGS / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if translations is None:
            message.string = message.id
        elif key in translations:
            value = translations[key]
            message.string = tuple(value) if isinstance(value, list) else value
        if not _complete(message.string):
            missing.append(key)
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=110, omit_header=False, sort_output=True)
    return missing


def _complete(string) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


if __name__ == "__main__":
    language = sys.argv[1]
    data = None if sys.argv[2] == "--identity" else json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    still_missing = fill(language, data)
    for msgid in still_missing:
        print(f"untranslated: {msgid!r}")
    sys.exit(1 if still_missing else 0)
