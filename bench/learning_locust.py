"""Locust scenario: learners sign in, read and mark lessons, take quizzes (sometimes submitting twice).

Run through bench/learning.py, which prepares the database, the accounts and gunicorn, and checks afterwards
that every write acknowledged here is in the database. Environment:
  LEARNING_PASSWORD   the password of every bench account (bench-learner-<n>@example.org)
  LEARNING_ACKS       a file to append one JSON line per acknowledged write
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LEARNING_PASSWORD", "")
ACKS = os.environ.get("LEARNING_ACKS", "learning-acks.jsonl")
_numbers = itertools.count(1)
_lock = threading.Lock()
_ack_file = open(ACKS, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - open for the whole run

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
START = re.compile(r'action="/ro/learning/([a-z0-9-]+)/start"')
MODULE_ROW = re.compile(r'<th scope="row"><a href="/ro/trainings/([a-z0-9-]+)">')
QUESTION = re.compile(r'<input type="(radio|checkbox)" id="[^"]+" name="(q-[^"]+)" value="(\d+)">')


def acknowledge(**record) -> None:
    """Write down a write the server acknowledged, at once (a crash later must not lose it)."""
    with _lock:
        _ack_file.write(json.dumps(record) + "\n")


class Learner(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.email = f"bench-learner-{next(_numbers)}@example.org"
        page = self.client.get("/ro/login", name="/ro/login").text
        response = self.client.post(
            "/ro/login",
            data={"email": self.email, "password": PASSWORD, "csrf_token": CSRF.search(page).group(1)},
            allow_redirects=False,
            name="/ro/login [POST]",
        )
        if response.status_code != 302:
            raise RuntimeError(f"sign-in failed for {self.email}: {response.status_code}")
        home = self.client.get("/ro/learning/", name="/ro/learning/").text
        self.csrf = CSRF.search(home).group(1)
        self.modules = {}
        for slug in sorted(set(MODULE_ROW.findall(home))):
            html = self.client.get(f"/ro/trainings/{slug}", name="/ro/trainings/[module]").text
            self.modules[slug] = sorted(set(re.findall(rf'href="/ro/trainings/{slug}/([a-z0-9-]+)"', html)))

    @task(4)
    def read_and_mark_a_lesson(self) -> None:
        slug = random.choice(list(self.modules))
        if not self.modules[slug]:
            return
        lesson = random.choice(self.modules[slug])
        self.client.get(f"/ro/trainings/{slug}/{lesson}", name="/ro/trainings/[module]/[lesson]")
        with self.client.post(
            f"/ro/learning/{slug}/{lesson}/done",
            data={"csrf_token": self.csrf},
            allow_redirects=False,
            catch_response=True,
            name="/ro/learning/[module]/[lesson]/done",
        ) as response:
            if response.status_code == 302:
                acknowledge(kind="lesson", email=self.email, key=f"trainings/{slug}/{lesson}")
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    @task(2)
    def take_a_quiz(self) -> None:
        slug = random.choice(list(self.modules))
        with self.client.post(
            f"/ro/learning/{slug}/quiz",
            data={"csrf_token": self.csrf},
            allow_redirects=False,
            catch_response=True,
            name="/ro/learning/[module]/quiz [POST]",
        ) as response:
            if response.status_code != 303:
                response.failure(f"status {response.status_code}")
                return
            response.success()
        path = response.headers["Location"]
        page = self.client.get(path, name="/ro/learning/attempts/[id]").text
        choices: dict[str, list[str]] = {}
        kinds: dict[str, str] = {}
        for kind, name, value in QUESTION.findall(page):
            choices.setdefault(name, []).append(value)
            kinds[name] = kind
        form = {"csrf_token": self.csrf}
        for name, values in choices.items():  # a radio question takes one answer, as a browser sends it
            most = 1 if kinds[name] == "radio" else len(values)
            form[name] = random.sample(values, random.randint(1, most))
        twice = random.random() < 0.2  # a double click on "submit": the server must keep one attempt
        for _ in range(2 if twice else 1):
            with self.client.post(
                path,
                data=form,
                allow_redirects=False,
                catch_response=True,
                name="/ro/learning/attempts/[id] [POST]",
            ) as submitted:
                if submitted.status_code == 303:
                    submitted.success()
                else:
                    submitted.failure(f"status {submitted.status_code}")
                    return
        acknowledge(kind="attempt", email=self.email, id=int(path.rsplit("/", 1)[1]), twice=twice)

    @task(1)
    def look_at_my_learning(self) -> None:
        self.client.get("/ro/learning/", name="/ro/learning/")
