"""Taking modules: enrolment, lessons, quizzes scored on the server, certificates and their public check."""

from __future__ import annotations

import random
import re
import shutil

from learning_helpers import DEMO, answers, open_quiz, read_lessons, signed_in, take_quiz, token
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.learning.attempts import open_attempt, submit_attempt
from portal.learning.models import AttemptAnswer, Certificate, Enrolment, LessonProgress, QuizAttempt

# --- enrolment ---------------------------------------------------------------------------------------------


def test_a_learner_starts_a_module_open_to_their_role(app, make_user):
    client, user = signed_in(app, make_user)
    response = client.post("/ro/learning/demo-module/start", data={"csrf_token": token(client)})
    assert (
        response.status_code == 302
        and response.headers["Location"] == "/ro/trainings/demo-module/first-lesson"
    )
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id))
        assert enrolment.module_key == DEMO and enrolment.started_at is not None


def test_starting_a_module_again_changes_nothing(app, make_user):
    client, _user = signed_in(app, make_user)
    for _ in range(3):
        client.post("/ro/learning/demo-module/start", data={"csrf_token": token(client)})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 1


def test_a_module_not_open_to_the_role_cannot_be_started(make_app, make_user, tmp_path):
    content = tmp_path / "content"
    shutil.copytree("tests/corpus", content)
    module = content / "trainings" / "demo-module" / "index.ro.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace("audience: specialist", "audience: psychologist"),
        encoding="utf-8",
    )
    app = make_app(CONTENT_DIR=str(content))
    client, _ = signed_in(app, make_user)
    assert (
        client.post("/ro/learning/demo-module/start", data={"csrf_token": token(client)}).status_code == 404
    )
    assert client.get("/ro/learning/demo-module/quiz").status_code == 404
    assert "Modul demonstrativ" not in client.get("/ro/learning/").get_data(as_text=True)
    psychologist, _ = signed_in(app, make_user, "psy@example.org", role="psychologist")
    assert (
        psychologist.post(
            "/ro/learning/demo-module/start", data={"csrf_token": token(psychologist)}
        ).status_code
        == 302
    )


def test_assigned_modules_come_first_with_their_due_date(app, make_user):
    client, user = signed_in(app, make_user)
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    html = client.get("/ro/learning/").get_data(as_text=True)
    assert html.index("Modul demonstrativ") < html.index("Modul avansat")
    response = supervisor.post(
        "/ro/supervision/assign",
        data={
            "csrf_token": token(supervisor),
            "learners": [str(user.id)],
            "module": "trainings/advanced-module",
            "due_on": "2099-03-01",
        },
    )
    assert response.status_code == 302
    table = client.get("/ro/learning/").get_data(as_text=True).split('id="modules-title"')[1]
    assert table.index("Modul avansat") < table.index("Modul demonstrativ")
    assert "1 martie 2099" in table


# --- lessons -----------------------------------------------------------------------------------------------


def test_marking_a_lesson_done_is_idempotent(app, make_user):
    client, user = signed_in(app, make_user)
    for _ in range(3):
        read_lessons(client, lessons=("first-lesson",))
    with app.app_context():
        rows = db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == user.id)).all()
        assert [r.lesson_key for r in rows] == ["trainings/demo-module/first-lesson"]


def test_marking_a_lesson_done_takes_a_post_with_a_csrf_token(app, make_user):
    client, _ = signed_in(app, make_user)
    assert client.get("/ro/learning/demo-module/first-lesson/done").status_code == 405
    assert client.post("/ro/learning/demo-module/first-lesson/done").status_code == 400
    assert (
        client.post(
            "/ro/learning/demo-module/no-such-lesson/done", data={"csrf_token": token(client)}
        ).status_code
        == 404
    )


def test_progress_per_module_is_shown_on_the_module_and_my_learning(app, make_user):
    client, _ = signed_in(app, make_user)
    read_lessons(client, lessons=("first-lesson",))
    assert "1 din 2 lecții citite" in client.get("/ro/trainings/demo-module").get_data(as_text=True)
    lesson = client.get("/ro/trainings/demo-module/second-lesson").get_data(as_text=True)
    assert "/ro/learning/demo-module/second-lesson/done" in lesson
    html = client.get("/ro/learning/").get_data(as_text=True)
    assert "33%" in html  # 1 of 3 steps: two lessons and the quiz


# --- quizzes -----------------------------------------------------------------------------------------------


def test_options_are_shuffled_per_attempt_and_the_order_is_kept_on_the_server(app, make_user):
    user = make_user()
    layouts = set()
    with app.app_context():
        learner = db.session.get(User, user.id)
        library = app.extensions["library"]
        rng = random.Random(7)
        for _ in range(12):
            attempt = open_attempt(library, learner, DEMO, "ro", rng)
            assert (
                open_attempt(library, learner, DEMO, "ro", rng).id == attempt.id
            )  # reloading keeps the order
            layouts.add(attempt.layout)
            submit_attempt(library, learner, attempt, {})
    assert len(layouts) > 1


def test_the_browser_never_receives_the_right_answers_before_submitting(app, make_user):
    client, _ = signed_in(app, make_user)
    attempt_id = open_quiz(client)
    html = client.get(f"/ro/learning/attempts/{attempt_id}").get_data(as_text=True)
    form = html[html.index('<form method="post" action="/ro/learning/attempts') :]
    assert "Cine emite ordonanța de protecție?" in form
    assert "correct" not in form.lower() and "right answer" not in form.lower()
    assert "Ordonanța este emisă de instanța de judecată." not in html  # no explanation before submitting
    # positions, never option ids: q1 has two options, q2 three
    assert sorted(re.findall(r'name="(q-q\d)" value="([^"]+)"', form)) == [
        ("q-q1", "0"),
        ("q-q1", "1"),
        ("q-q2", "0"),
        ("q-q2", "1"),
        ("q-q2", "2"),
    ]


def test_answers_are_scored_on_the_server_only(app, make_user):
    client, _ = signed_in(app, make_user)
    attempt_id = open_quiz(client)
    data = {
        "csrf_token": token(client),
        **answers(app, attempt_id, {"q1": True, "q2": False}),
        "score": "100",
        "passed": "1",
        "q-q3": "0",
        "q-q1-extra": "9",
    }  # a score, a pass and keys of questions the attempt does not hold are ignored
    client.post(f"/ro/learning/attempts/{attempt_id}", data=data)
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert (attempt.score, attempt.passed) == (50, False)


def test_the_pass_mark_is_per_module_and_80_by_default(app, make_user):
    client, _ = signed_in(app, make_user)
    demo, _ = take_quiz(app, client, {"q1": True, "q2": False})
    advanced, _ = take_quiz(app, client, {"q1": True, "q2": False}, module="advanced-module")
    with app.app_context():
        assert [
            (a.pass_mark, a.score, a.passed)
            for a in (db.session.get(QuizAttempt, demo), db.session.get(QuizAttempt, advanced))
        ] == [(80, 50, False), (50, 50, True)]


def test_feedback_with_explanations_after_submitting(app, make_user):
    client, _ = signed_in(app, make_user)
    attempt_id, response = take_quiz(app, client, {"q1": False, "q2": True})
    assert response.status_code == 303
    html = client.get(f"/ro/learning/attempts/{attempt_id}").get_data(as_text=True)
    assert "Ordonanța este emisă de instanța de judecată." in html
    assert "Victima sau, la cererea ei, poliția." in html
    assert html.count('class="wrong"') == 1 and html.count('class="right"') == 1


def test_retakes_are_allowed_and_every_attempt_is_kept(app, make_user):
    client, user = signed_in(app, make_user)
    first, _ = take_quiz(app, client, right=False)
    second, _ = take_quiz(app, client, right=True)
    assert first != second
    with app.app_context():
        kept = db.session.scalars(
            select(QuizAttempt).where(QuizAttempt.user_id == user.id).order_by(QuizAttempt.id)
        ).all()
        assert [(a.score, a.passed) for a in kept] == [(0, False), (100, True)]
    html = client.get(f"/ro/learning/attempts/{second}").get_data(as_text=True)
    assert f"/ro/learning/attempts/{first}" in html


def test_a_double_submit_records_one_attempt(app, make_user):
    client, user = signed_in(app, make_user)
    attempt_id = open_quiz(client)
    right = {"csrf_token": token(client), **answers(app, attempt_id, True)}
    wrong = {"csrf_token": token(client), **answers(app, attempt_id, False)}
    assert client.post(f"/ro/learning/attempts/{attempt_id}", data=right).status_code == 303
    assert client.post(f"/ro/learning/attempts/{attempt_id}", data=wrong).status_code == 303
    with app.app_context():
        attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user.id)).all()
        assert [(a.score, a.passed) for a in attempts] == [(100, True)]
        assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 2


def test_an_attempt_cannot_be_read_or_answered_by_another_user(app, make_user):
    ana, _ = signed_in(app, make_user)
    attempt_id = open_quiz(ana)
    bob, _ = signed_in(app, make_user, "bob@example.org")
    path = f"/ro/learning/attempts/{attempt_id}"
    assert bob.get(path).status_code == 404
    assert bob.post(path, data={"csrf_token": token(bob), **answers(app, attempt_id)}).status_code == 404
    with app.app_context():
        assert db.session.get(QuizAttempt, attempt_id).submitted_at is None
    take_quiz(app, ana)
    assert bob.get(path).status_code == 404  # submitted results stay private too


# --- certificates ------------------------------------------------------------------------------------------


def test_completing_a_module_issues_a_certificate_pdf(app, make_user):
    client, user = signed_in(app, make_user)
    take_quiz(app, client)
    assert client.get("/ro/learning/demo-module/certificate.pdf").status_code == 302  # lessons not read yet
    read_lessons(client)
    response = client.get("/ro/learning/demo-module/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == user.id))
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id))
        assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", certificate.code) and enrolment.completed_at


def test_the_certificate_is_in_the_learners_language(app, make_user, monkeypatch):
    client, user = signed_in(app, make_user)
    with app.app_context():
        db.session.get(User, user.id).language = "ru"
        db.session.commit()
    read_lessons(client)
    take_quiz(app, client)
    rendered = []
    monkeypatch.setattr(
        "portal.learning.views.learning.certificate_pdf", lambda html: rendered.append(html) or b"%PDF-"
    )
    client.get("/ro/learning/demo-module/certificate.pdf")
    assert '<html lang="ru">' in rendered[0] and "Сертификат" in rendered[0] and "Ana" in rendered[0]


def test_verify_confirms_a_certificate_and_shows_nothing_else_about_the_person(app, make_user):
    client, _user = signed_in(app, make_user)
    read_lessons(client)
    take_quiz(app, client)
    with app.app_context():
        code = db.session.scalar(select(Certificate.code))
    public = app.test_client()
    html = public.get(f"/verify/{code}", headers={"Accept-Language": "ro"}).get_data(as_text=True)
    assert "Modul demonstrativ" in html and "Certificat valabil." in html and "<dd>Ana</dd>" in html
    for private in ("ana@example.org", "centru", "100%", "specialist"):
        assert private not in html.split("<main")[1]
    assert public.get(f"/verify/{code.lower().replace('-', '')}").status_code == 200
    wrong = public.get("/verify/AAAA-BBBB-CCCC-DDDD", headers={"Accept-Language": "ru"}).get_data(
        as_text=True
    )
    assert "Modul demonstrativ" not in wrong and "Недействителен." in wrong and '<html lang="ru">' in wrong


def test_verification_codes_are_random_and_unique():
    from portal.learning.certificates import new_code, normalize_code

    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(normalize_code(c) == c for c in codes)
    assert normalize_code("x") is None and normalize_code("<script>") is None
