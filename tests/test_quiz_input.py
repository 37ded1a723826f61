"""Quiz input never crashes: a value no browser could send is a 400 with a message and changes nothing.

Opening the quiz page (GET) neither enrols the learner nor opens an attempt; the "start" button (POST) does.
"""

from __future__ import annotations

import pytest
from learning_helpers import answers, open_quiz, signed_in, token
from route_helpers import changes, snapshot

from portal.extensions import db
from portal.learning.models import AttemptAnswer, QuizAttempt

UNREADABLE = "Unele răspunsuri nu au putut fi citite. Verificați alegerile și trimiteți-le din nou."

# q1 of the demo quiz takes one answer out of 2 options; q2 takes several out of 3.
BAD_VALUES = {
    "superscript two": {"q-q1": ["²"]},
    "arabic-indic three": {"q-q1": ["٣"]},
    "fullwidth one": {"q-q1": ["１"]},
    "a 5,000-digit number": {"q-q1": ["9" * 5000]},
    "a position past the options": {"q-q1": ["2"]},
    "a negative position": {"q-q1": ["-1"]},
    "junk": {"q-q1": ["x"]},
    "an empty value": {"q-q2": [""]},
    "the same position twice": {"q-q2": ["0", "0"]},
    "two answers to a single-choice question": {"q-q1": ["0", "1"]},
}


@pytest.mark.parametrize("bad", list(BAD_VALUES.values()), ids=list(BAD_VALUES))
def test_a_value_no_browser_sends_is_refused_and_the_attempt_stays_open(app, make_user, bad):
    client, _ = signed_in(app, make_user)
    attempt_id = open_quiz(client)
    form = {"csrf_token": token(client), **answers(app, attempt_id, True), **bad}
    before = snapshot(app)
    response = client.post(f"/ro/learning/attempts/{attempt_id}", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert UNREADABLE in html
    assert 'class="quiz"' in html  # the quiz again, to send once more
    assert changes(before, snapshot(app)) == {}
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert (attempt.submitted_at, attempt.score, attempt.passed) == (None, None, None)
        assert db.session.query(AttemptAnswer).count() == 0


def test_after_a_refused_post_the_choices_stay_and_the_quiz_can_be_sent(app, make_user):
    client, _ = signed_in(app, make_user)
    attempt_id = open_quiz(client)
    right = answers(app, attempt_id, True)
    response = client.post(
        f"/ro/learning/attempts/{attempt_id}",
        data={"csrf_token": token(client), "q-q1": ["²"], "q-q2": right["q-q2"]},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for position in right["q-q2"]:  # what the learner had ticked is ticked again
        assert f'name="q-q2" value="{position}" checked>' in html
    assert html.count(" checked>") == len(right["q-q2"])
    sent = client.post(f"/ro/learning/attempts/{attempt_id}", data={"csrf_token": token(client), **right})
    assert sent.status_code == 303
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert (attempt.score, attempt.passed) == (100, True)


@pytest.mark.parametrize("attempt_id", ["99999999999999999999", "9" * 5000, "2147483648"])
def test_an_attempt_number_out_of_any_range_is_not_there(app, make_user, attempt_id):
    client, _ = signed_in(app, make_user)
    assert client.get(f"/ro/learning/attempts/{attempt_id}").status_code == 404
    form = {"csrf_token": token(client), "q-q1": "0"}
    assert client.post(f"/ro/learning/attempts/{attempt_id}", data=form).status_code == 404


def test_opening_the_quiz_page_changes_nothing_and_the_button_starts_it(app, make_user):
    client, _ = signed_in(app, make_user)
    before = snapshot(app)
    for method in ("GET", "HEAD"):
        response = client.open("/ro/learning/demo-module/quiz", method=method)
        assert response.status_code == 200
    assert changes(before, snapshot(app)) == {}  # not enrolled, no attempt opened
    html = client.get("/ro/learning/demo-module/quiz").get_data(as_text=True)
    assert '<form method="post" action="/ro/learning/demo-module/quiz"' in html
    assert "Începeți testul" in html
    started = client.post("/ro/learning/demo-module/quiz", data={"csrf_token": token(client)})
    assert started.status_code == 303
    attempt_path = started.headers["Location"]
    assert attempt_path.startswith("/ro/learning/attempts/")
    after = changes(before, snapshot(app))
    assert set(after) == {"enrolments", "quiz_attempts"}, after
    # with an attempt open, the page offers to continue it and a second start opens no other
    html = client.get("/ro/learning/demo-module/quiz").get_data(as_text=True)
    assert f'href="{attempt_path}"' in html and "Continuați testul" in html
    again = client.post("/ro/learning/demo-module/quiz", data={"csrf_token": token(client)})
    assert again.headers["Location"] == attempt_path


@pytest.mark.parametrize(
    "path",
    [
        "/ro/admin/users/99999999999999999999",
        "/ro/admin/users/2147483648",
        "/ro/supervision/learners/99999999999999999999",
        "/ro/learning/attempts/٣",  # an Arabic-Indic digit is no attempt number
    ],
)
def test_no_numbered_address_reaches_the_database_out_of_range(app, make_user, path):
    client, _ = signed_in(app, make_user, "boss@example.org", role="admin")
    assert client.get(path).status_code == 404
