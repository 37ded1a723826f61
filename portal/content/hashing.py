"""Source-text hashes that tie a translation to the Romanian text it was made from."""

import hashlib
import re
import sys
from pathlib import Path

HASH_LENGTH = 12
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?^---[ \t]*$\n?", re.S | re.M)


def body_of(text: str) -> str:
    """Return a Markdown file's body: everything after its front matter."""
    return _FRONT_MATTER.sub("", text, count=1)


def source_hash(path: Path) -> str:
    """Return the hash a translation of `path` records as its `source_hash`.

    A Markdown file is hashed without its front matter; a quiz (YAML, and a Romanian source never records a
    source_hash of its own) as it is.
    """
    return text_hash(path.read_text(encoding="utf-8"), markdown=path.suffix == ".md")


def text_hash(text: str, markdown: bool) -> str:
    """Return the source hash of a file's text already read (Markdown without its front matter)."""
    payload = body_of(text) if markdown else text
    return hashlib.sha256(payload.strip().encode("utf-8")).hexdigest()[:HASH_LENGTH]


if __name__ == "__main__":  # `python -m portal.content.hashing FILE...`, documented in docs/CONTENT.md
    for name in sys.argv[1:]:
        print(source_hash(Path(name)), name)
