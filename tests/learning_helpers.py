"""Helpers shared by the learning tests: signing in a learner, taking a quiz right or wrong."""

from __future__ import annotations

import re

from accounts_helpers import sign_in

from portal.extensions import db
from portal.learning.attempts import shown_questions
from portal.learning.models import QuizAttempt

DEMO = "trainings/demo-module"
LESSONS = ("first-lesson", "second-lesson")


def signed_in(
    app, make_user, email: str = "ana@example.org", role: str = "specialist", agency: str | None = "centru"
):
    """Create a user, sign them in on a fresh client; return (client, user)."""
    user = make_user(email, role=role, agency=agency)
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client, user


def token(client) -> str:
    """Return a CSRF token of the client's session."""
    html = client.get("/ro/learning/").get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def read_lessons(client, module: str = "demo-module", lessons=LESSONS) -> None:
    """Mark every lesson of a module as read."""
    csrf = token(client)
    for lesson in lessons:
        assert (
            client.post(f"/ro/learning/{module}/{lesson}/done", data={"csrf_token": csrf}).status_code == 302
        )


def open_quiz(client, module: str = "demo-module") -> int:
    """Start (or resume) the quiz the way the app offers it, with a POST; return the attempt id."""
    response = client.post(f"/ro/learning/{module}/quiz", data={"csrf_token": token(client)})
    assert response.status_code == 303, response.status_code
    return int(response.headers["Location"].rsplit("/", 1)[1])


def answers(app, attempt_id: int, right: bool | dict[str, bool] = True) -> dict[str, list[str]]:
    """Return the form a browser would send: option positions, all right, all wrong, or per question."""
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        form = {}
        for shown in shown_questions(app.extensions["library"], attempt, "ro"):
            wanted = right if isinstance(right, bool) else right.get(shown.question.id, True)
            form[f"q-{shown.question.id}"] = [
                str(i) for i, option in enumerate(shown.options) if option.correct == wanted
            ]
        return form


def take_quiz(app, client, right: bool | dict[str, bool] = True, module: str = "demo-module"):
    """Open the quiz and submit it; return (attempt id, response)."""
    attempt_id = open_quiz(client, module)
    data = {"csrf_token": token(client), **answers(app, attempt_id, right)}
    return attempt_id, client.post(f"/ro/learning/attempts/{attempt_id}", data=data)
