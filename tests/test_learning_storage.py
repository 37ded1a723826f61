"""Storage of learning: two worker processes writing at once lose nothing and duplicate nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from learning_helpers import answers, open_quiz, signed_in, token
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.learning.models import AttemptAnswer, Certificate, Enrolment, LessonProgress, QuizAttempt

ROOT = Path(__file__).resolve().parents[1]

# One worker process: signs its learners in, marks lessons read and takes the quiz in rounds, printing every
# write the server acknowledged. Both processes also work for the same shared learner at the same time.
WORKER = r"""
import json, re, sys, time
from portal import create_app
from portal.learning.attempts import shown_questions
from portal.extensions import db
from portal.learning.models import QuizAttempt

url, emails, rounds, start_at = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), float(sys.argv[4])
app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": url,
                  "CONTENT_DIR": "tests/corpus", "RATELIMIT_STORAGE_URI": "memory://",
                  "SEARCH_BUILD_ON_START": False})
clients = {}
for email in emails:
    client = app.test_client()
    html = client.get("/ro/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    password = "violet harbour tractor seventeen quietly"
    answer = client.post("/ro/login", data={"email": email, "password": password, "csrf_token": csrf})
    assert answer.status_code == 302
    page = client.get("/ro/learning/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    clients[email] = (client, token)
time.sleep(max(0.0, start_at - time.time()))
acks = {"lessons": [], "attempts": [], "errors": []}
for round_ in range(rounds):
    for email, (client, csrf) in clients.items():
        for lesson in ("first-lesson", "second-lesson"):
            path = f"/ro/learning/demo-module/{lesson}/done"
            code = client.post(path, data={"csrf_token": csrf}).status_code
            (acks["lessons"] if code == 302 else acks["errors"]).append([email, lesson, code])
        response = client.post("/ro/learning/demo-module/quiz", data={"csrf_token": csrf})
        if response.status_code != 303:
            acks["errors"].append([email, "quiz", response.status_code])
            continue
        attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
        with app.app_context():
            attempt = db.session.get(QuizAttempt, attempt_id)
            right = round_ % 2 == 1
            form = {f"q-{s.question.id}": [str(i) for i, o in enumerate(s.options) if o.correct == right]
                    for s in shown_questions(app.extensions["library"], attempt, "ro")}
        path = f"/ro/learning/attempts/{attempt_id}"
        code = client.post(path, data={"csrf_token": csrf, **form}).status_code
        (acks["attempts"] if code == 303 else acks["errors"]).append([email, attempt_id, code])
print(json.dumps(acks))
"""


def test_two_worker_processes_writing_at_once_lose_nothing(app, make_user, database_url):
    import time

    shared = make_user("shared@example.org")
    own = [[make_user(f"p{p}u{i}@example.org").id for i in range(3)] for p in range(2)]
    start_at = time.time() + 4
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                database_url,
                ",".join([f"p{p}u{i}@example.org" for i in range(3)] + ["shared@example.org"]),
                "4",
                str(start_at),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in range(2)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["errors"] for r in results] == [[], []]
    with app.app_context():
        for result in results:
            for attempt_id in {a[1] for a in result["attempts"]}:
                attempt = db.session.get(QuizAttempt, attempt_id)
                assert attempt is not None and attempt.submitted_at is not None
                assert (
                    db.session.scalar(
                        select(func.count())
                        .select_from(AttemptAnswer)
                        .where(AttemptAnswer.attempt_id == attempt_id)
                    )
                    == 2
                )
        submitted = db.session.scalar(
            select(func.count()).select_from(QuizAttempt).where(QuizAttempt.submitted_at.is_not(None))
        )
        acknowledged = {a[1] for r in results for a in r["attempts"]}
        assert submitted == len(acknowledged) >= 4 * 3 * 2  # every learner's 4 rounds in each process
        users = [shared.id, *own[0], *own[1]]
        assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 2 * len(users)
        assert db.session.scalar(select(func.count()).select_from(Enrolment)) == len(users)
        assert db.session.scalar(select(func.count()).select_from(Certificate)) == len(users)
        assert db.session.scalar(select(func.count()).select_from(User)) == len(users)


def test_racing_double_submits_record_one_attempt(app, make_user):
    client, _user = signed_in(app, make_user)
    attempt_id = open_quiz(client)
    data = {"csrf_token": token(client), **answers(app, attempt_id)}
    cookie = client.get_cookie("portal_session").value
    codes = []

    def submit():
        twin = app.test_client()
        twin.set_cookie("portal_session", cookie)
        codes.append(twin.post(f"/ro/learning/attempts/{attempt_id}", data=data).status_code)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [303] * 4
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(QuizAttempt).where(QuizAttempt.submitted_at.is_not(None))
            )
            == 1
        )
        assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 2
