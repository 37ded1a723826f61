"""Drafts through review to a git commit: four-eyes, send back, conflicts, refused changes, translators."""

from __future__ import annotations

from pathlib import Path

import pytest
from editorial_helpers import git
from sqlalchemy import select

from portal.accounts.audit_events import AuditEvent
from portal.accounts.models import User
from portal.editorial import workflow
from portal.editorial.models import Draft, Transition
from portal.editorial.publishing import Conflict, Refused
from portal.editorial.workflow import NotAllowed
from portal.extensions import db

MATERIAL = "materials/protection-order.ro.md"


@pytest.fixture
def app(make_app, content):
    return make_app(CONTENT_DIR=str(content))


@pytest.fixture
def people(app, make_user) -> dict[str, int]:
    ids = {role: make_user(f"{role}@example.org", role=role).id for role in ("editor", "reviewer", "admin")}
    ids["translator"] = make_user("translator@example.org", role="translator").id
    ids["specialist"] = make_user("specialist@example.org", role="specialist").id
    with app.app_context():
        db.session.get(User, ids["translator"]).languages = "ru,uk"
        db.session.commit()
    return ids


def user(ids: dict[str, int], role: str) -> User:
    return db.session.get(User, ids[role])


def pending(app, content: Path, people, text_change, author: str = "editor", comment: str = "") -> int:
    """Start a draft of the material, change its text, submit it; return its id."""
    with app.test_request_context("/ro/editor"):
        writer = user(people, author)
        draft = workflow.start_draft(writer, content, MATERIAL)
        workflow.save(writer, draft, text_change(draft.text), comment=comment)
        workflow.submit(writer, draft)
        return draft.id


def reword(text: str) -> str:
    return text.replace("Până la trei luni.", "Până la un an, prelungită de instanță.")


def history(draft: Draft) -> list[tuple]:
    return [(t.from_state, t.to_state, t.comment) for t in draft.transitions]


def test_a_reviewer_publishes_an_editors_change_as_a_commit_by_the_editor(app, content, people):
    draft_id = pending(app, content, people, reword, comment="Durata ordonanței, după Legea 45/2007")
    with app.test_request_context("/ro/editor"):
        draft = db.session.get(Draft, draft_id)
        commit = workflow.publish(user(people, "reviewer"), draft, content, comment="Verificat")
        assert draft.state == "published"
        assert history(db.session.get(Draft, draft_id)) == [
            (None, "draft", ""),
            ("draft", "pending", ""),
            ("pending", "published", "Verificat"),
        ]
        events = db.session.scalars(select(AuditEvent.event).order_by(AuditEvent.id)).all()
        assert [e for e in events if e.startswith("draft-")] == [
            "draft-started",
            "draft-submitted",
            "draft-published",
        ]
    assert git(content, "log", "-1", "--format=%an|%ae|%cn|%ce") == (
        "Editor|editor@example.org|Reviewer|reviewer@example.org"
    )
    assert git(content, "log", "-1", "--format=%H|%s") == f"{commit}|Durata ordonanței, după Legea 45/2007"
    assert git(content, "show", "--name-only", "--format=", "HEAD") == MATERIAL
    assert "Până la un an, prelungită de instanță." in (content / MATERIAL).read_text(encoding="utf-8")
    assert git(content, "status", "--porcelain") == ""


def test_nobody_publishes_their_own_draft(app, content, people):
    draft_id = pending(app, content, people, reword, author="admin")
    with app.test_request_context("/ro/editor"):
        draft = db.session.get(Draft, draft_id)
        with pytest.raises(NotAllowed, match="trebuie publicată de un alt recenzent"):
            workflow.publish(user(people, "admin"), draft, content)
        assert db.session.get(Draft, draft_id).state == "pending"
    assert git(content, "log", "--format=%s") == "Corpus"
    assert "Până la trei luni." in (content / MATERIAL).read_text(encoding="utf-8")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_config_switch_lets_a_one_person_team_publish_its_own_draft(make_app, content, make_user):
    app = make_app(CONTENT_DIR=str(content), EDITORIAL_ALLOW_SELF_PUBLISH=True)
    admin_id = make_user("admin@example.org", role="admin").id
    draft_id = pending(app, content, {"admin": admin_id}, reword, author="admin")
    with app.test_request_context("/ro/editor"):
        admin = db.session.get(User, admin_id)
        draft = db.session.get(Draft, draft_id)
        workflow.publish(admin, draft, content, allow_self_publish=app.config["EDITORIAL_ALLOW_SELF_PUBLISH"])
        assert draft.state == "published"
    assert git(content, "log", "-1", "--format=%an|%cn") == "Admin|Admin"


def test_only_reviewers_and_admins_publish(app, content, people):
    draft_id = pending(app, content, people, reword)
    with app.test_request_context("/ro/editor"):
        draft = db.session.get(Draft, draft_id)
        for role in ("editor", "translator", "specialist"):
            with pytest.raises(NotAllowed, match="Doar un recenzent poate publica"):
                workflow.publish(user(people, role), draft, content)
        workflow.publish(user(people, "admin"), draft, content)
    assert git(content, "log", "-1", "--format=%an|%cn") == "Editor|Admin"


def test_send_back_needs_a_comment_and_returns_the_draft_to_its_writer(app, content, people):
    draft_id = pending(app, content, people, reword)
    with app.test_request_context("/ro/editor"):
        draft = db.session.get(Draft, draft_id)
        reviewer = user(people, "reviewer")
        for empty in ("", "   "):
            with pytest.raises(NotAllowed, match="este necesar un comentariu"):
                workflow.send_back(reviewer, draft, empty)
        assert draft.state == "pending"
        workflow.send_back(reviewer, draft, "Citați articolul din lege.")
        draft = db.session.get(Draft, draft_id)
        assert draft.state == "draft"
        assert history(draft)[-1] == ("pending", "draft", "Citați articolul din lege.")
        assert (
            db.session.scalar(select(Transition.actor_id).order_by(Transition.id.desc()))
            == people["reviewer"]
        )
        with pytest.raises(NotAllowed):
            workflow.publish(reviewer, draft, content)  # back with its writer, not in the queue
        editor = user(people, "editor")
        workflow.save(editor, draft, draft.text + "\nArt. 12 din Legea 45/2007.\n")
        workflow.submit(editor, draft)
        assert draft.state == "pending"


def test_a_retracted_draft_can_no_longer_be_published(app, content, people):
    draft_id = pending(app, content, people, reword)
    with app.test_request_context("/ro/editor"):
        draft = db.session.get(Draft, draft_id)
        with pytest.raises(NotAllowed):
            workflow.retract(user(people, "specialist"), draft)
        workflow.retract(user(people, "editor"), draft, "Nu mai e nevoie")
        assert history(db.session.get(Draft, draft_id))[-1] == ("pending", "retracted", "Nu mai e nevoie")
        with pytest.raises(NotAllowed):
            workflow.publish(user(people, "reviewer"), draft, content)
    assert git(content, "log", "--format=%s") == "Corpus"


def test_a_developers_commit_since_the_draft_began_is_a_conflict_and_nothing_is_overwritten(
    app, content, people
):
    draft_id = pending(app, content, people, reword)
    developer_text = (content / MATERIAL).read_text(encoding="utf-8").replace("Sunați", "Telefonați")
    (content / MATERIAL).write_text(developer_text, encoding="utf-8")
    git(content, "commit", "-q", "-am", "Developer's fix")
    with app.test_request_context("/ro/editor"):
        draft = db.session.get(Draft, draft_id)
        with pytest.raises(Conflict) as caught:
            workflow.publish(user(people, "reviewer"), draft, content)
        assert caught.value.published == developer_text
        assert "Până la un an, prelungită de instanță." in caught.value.draft
        assert "Sunați" in caught.value.draft
        assert db.session.get(Draft, draft_id).state == "pending"
        assert ("pending", "published", "") not in history(db.session.get(Draft, draft_id))
    assert (content / MATERIAL).read_text(encoding="utf-8") == developer_text
    assert git(content, "log", "--format=%s") == "Developer's fix\nCorpus"


def test_a_change_that_breaks_content_check_is_refused_with_its_messages(app, content, people):
    original = (content / MATERIAL).read_bytes()
    draft_id = pending(app, content, people, lambda text: text.replace("title: Ordonanța de protecție\n", ""))
    with app.test_request_context("/ro/editor"):
        draft = db.session.get(Draft, draft_id)
        with pytest.raises(Refused) as caught:
            workflow.publish(user(people, "reviewer"), draft, content)
        assert any(MATERIAL in problem and "title" in problem for problem in caught.value.problems)
        assert db.session.get(Draft, draft_id).state == "pending"
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.event == "draft-published")) is None
    assert (content / MATERIAL).read_bytes() == original
    assert git(content, "log", "--format=%s") == "Corpus"
    assert git(content, "status", "--porcelain") == ""


def test_a_database_failure_after_the_commit_takes_the_commit_back(app, content, people, monkeypatch):
    original = (content / MATERIAL).read_bytes()
    draft_id = pending(app, content, people, reword)
    with app.test_request_context("/ro/editor"):
        draft = db.session.get(Draft, draft_id)

        def broken_commit():
            raise RuntimeError("database went away")

        monkeypatch.setattr(db.session, "commit", broken_commit)
        with pytest.raises(RuntimeError, match="database went away"):
            workflow.publish(user(people, "reviewer"), draft, content)
        monkeypatch.undo()
        assert db.session.get(Draft, draft_id).state == "pending"
        assert db.session.scalar(select(Transition).where(Transition.to_state == "published")) is None
    assert (content / MATERIAL).read_bytes() == original
    assert git(content, "log", "--format=%s") == "Corpus"
    assert git(content, "status", "--porcelain") == ""


def test_a_new_item_is_created_and_committed(app, content, people):
    path = "materials/help-for-children.ro.md"
    text = (
        "---\ntitle: Ajutor pentru copii\nsummary: Unde cereți ajutor.\nstatus: published\naudience: public\n"
        'reviewed: 2026-12-01\nsources: ["Legea nr. 45/2007"]\n---\n\nSunați la 116 111.\n'
    )
    with app.test_request_context("/ro/editor"):
        editor = user(people, "editor")
        draft = workflow.start_draft(editor, content, path)
        assert (draft.base_text, draft.text, draft.lang) == (None, "", "ro")
        workflow.save(editor, draft, text)
        workflow.submit(editor, draft)
        workflow.publish(user(people, "reviewer"), draft, content)
    assert (content / path).read_text(encoding="utf-8") == text
    assert git(content, "show", "--name-only", "--format=%an", "HEAD") == f"Editor\n\n{path}"


def test_translators_draft_only_translations_in_their_languages(app, content, people):
    with app.test_request_context("/ro/editor"):
        translator = user(people, "translator")
        for path in (MATERIAL, "materials/protection-order.en.md"):
            with pytest.raises(NotAllowed, match="Traduceți doar în limbile stabilite"):
                workflow.start_draft(translator, content, path)
        draft = workflow.start_draft(translator, content, "materials/protection-order.ru.md")
        assert draft.base_text == (content / "materials/protection-order.ru.md").read_text(encoding="utf-8")
        workflow.start_draft(translator, content, "materials/protection-order.uk.md")  # a new translation
        for role in ("specialist", "reviewer"):
            with pytest.raises(NotAllowed, match="Nu puteți edita acest conținut"):
                workflow.start_draft(user(people, role), content, MATERIAL)
        assert db.session.scalars(select(Draft.path).order_by(Draft.id)).all() == [
            "materials/protection-order.ru.md",
            "materials/protection-order.uk.md",
        ]


def test_an_editor_may_not_start_a_draft_outside_the_content(app, content, people):
    from portal.editorial.paths import UnsafePath

    with app.test_request_context("/ro/editor"):
        for path in ("../x.ro.md", "materials/../../etc/passwd.ro.md", "/etc/passwd"):
            with pytest.raises(UnsafePath):
                workflow.start_draft(user(people, "editor"), content, path)
        assert db.session.scalars(select(Draft)).all() == []


def test_a_draft_is_changed_only_by_its_writer_or_an_editor_and_only_before_review(app, content, people):
    with app.test_request_context("/ro/editor"):
        translator, editor = user(people, "translator"), user(people, "editor")
        russian = workflow.start_draft(translator, content, "materials/protection-order.ru.md")
        workflow.save(editor, russian, russian.text + "\nПравка редактора.\n")  # editors help translators
        source = workflow.start_draft(editor, content, MATERIAL)
        with pytest.raises(NotAllowed, match="Doar autorul ciornei sau un redactor"):
            workflow.save(translator, source, "x")
        workflow.submit(editor, source)
        with pytest.raises(NotAllowed, match="nu mai este într-o stare"):
            workflow.save(editor, source, "x")
        assert db.session.get(Draft, source.id).text == (content / MATERIAL).read_text(encoding="utf-8")
        assert db.session.get(Draft, russian.id).text.endswith("Правка редактора.\n")
