"""Publishing a file into the content's git repository, without the database: lock, refusals, clean-up."""

from __future__ import annotations

import subprocess
import sys

import pytest
from editorial_helpers import git

from portal.editorial.publishing import LOCK_NAME, Person, Refused, publish_file, publishing_lock

EDITOR = Person("Ana Editor", "ana@example.org")
REVIEWER = Person("Ion Reviewer", "ion@example.org")
NEW_ITEM = (
    "---\ntitle: Pași noi\nsummary: Ce urmează.\nstatus: published\naudience: public\n"
    'reviewed: 2026-12-01\nsources: ["Legea nr. 45/2007"]\n---\n\nText nou.\n'
)


def test_a_refused_new_item_leaves_no_file_and_no_folder(content):
    with pytest.raises(Refused) as caught:
        publish_file(
            content,
            "guides/new-guide/first.ro.md",
            NEW_ITEM.replace("title: Pași noi\n", ""),
            None,
            author=EDITOR,
            committer=REVIEWER,
            message="Ghid nou",
        )
    assert any("guides/new-guide/first.ro.md" in problem for problem in caught.value.problems)
    assert not (content / "guides" / "new-guide").exists()
    assert git(content, "status", "--porcelain") == ""


def test_a_change_that_changes_nothing_is_refused(content):
    text = (content / "materials/protection-order.ro.md").read_text(encoding="utf-8")
    with pytest.raises(Refused):
        publish_file(
            content,
            "materials/protection-order.ro.md",
            text,
            text,
            author=EDITOR,
            committer=REVIEWER,
            message="x",
        )
    assert git(content, "log", "--format=%s") == "Corpus"


def test_only_the_published_file_goes_into_the_commit(content):
    (content / "hotlines.yml").write_text("# a developer's work in progress\n", encoding="utf-8")
    git(content, "add", "hotlines.yml")
    publish_file(
        content, "materials/new-item.ro.md", NEW_ITEM, None, author=EDITOR, committer=REVIEWER, message="Nou"
    )
    assert git(content, "show", "--name-only", "--format=%an <%ae>|%cn <%ce>|%s", "HEAD") == (
        "Ana Editor <ana@example.org>|Ion Reviewer <ion@example.org>|Nou\n\nmaterials/new-item.ro.md"
    )
    assert git(content, "status", "--porcelain") == "M  hotlines.yml"  # still staged, not committed


def test_a_second_process_waits_while_one_publishes(content):
    probe = (
        "import fcntl, sys\n"
        "handle = open(sys.argv[1], 'a')\n"
        "try:\n"
        "    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "except BlockingIOError:\n"
        "    print('busy')\n"
        "else:\n"
        "    print('free')\n"
    )
    lock_file = content / ".git" / LOCK_NAME

    def try_lock() -> str:
        return subprocess.run(
            [sys.executable, "-c", probe, str(lock_file)], capture_output=True, text=True, check=True
        ).stdout.strip()

    with publishing_lock(content):
        assert try_lock() == "busy"
    assert try_lock() == "free"
