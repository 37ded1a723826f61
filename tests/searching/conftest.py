"""An index of the bundled content, built once per session, with the content's search synonyms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import search
from portal.content.library import load_library
from portal.searching.documents import all_documents
from portal.searching.service import synonyms_of

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class RealIndex:
    """The folder of an index of the real content, and the synonyms the portal would search it with."""

    root: str
    synonyms: search.Synonyms


@pytest.fixture(scope="session")
def real_index(tmp_path_factory) -> RealIndex:
    root = tmp_path_factory.mktemp("real-index") / "index"
    library = load_library(ROOT / "content")
    search.build_index(list(all_documents(library)), root)
    return RealIndex(str(root), synonyms_of(library))
