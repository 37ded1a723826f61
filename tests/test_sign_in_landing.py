"""Signing in lands where the learner meant to go, in the page's language; signed-in readers of any language
see the training modules, labelled with the languages each exists in."""

from __future__ import annotations

import shutil

from accounts_helpers import STRONG, csrf_token


def _sign_in_from(client, lang: str, email: str, next_url: str | None = None):
    token = csrf_token(client, f"/{lang}/login")
    query = {"next": next_url} if next_url else {}
    return client.post(
        f"/{lang}/login", query_string=query, data={"email": email, "password": STRONG, "csrf_token": token}
    )


def test_a_learner_signing_in_from_the_russian_page_lands_on_my_learning_in_russian(app, make_user):
    make_user("ana@example.org")  # her account's language is Romanian
    client = app.test_client()
    response = _sign_in_from(client, "ru", "ana@example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/ru/learning/"
    html = client.get("/ru/learning/").get_data(as_text=True)
    assert '<html lang="ru">' in html and 'action="/ru/logout"' in html


def test_signing_in_goes_to_the_safe_next_page(app, make_user):
    make_user("ana@example.org")
    client = app.test_client()
    response = _sign_in_from(client, "uk", "ana@example.org", "/uk/learning/demo-module/quiz")
    assert response.headers["Location"] == "/uk/learning/demo-module/quiz"


def test_an_unsafe_next_page_is_replaced_by_my_learning_in_the_page_language(app, make_user):
    make_user("ana@example.org")
    response = _sign_in_from(app.test_client(), "en", "ana@example.org", "//evil.example/")
    assert response.headers["Location"] == "/en/learning/"


def test_someone_who_does_not_learn_lands_on_the_account_page(app, make_user):
    make_user("edi@example.org", role="editor", agency=None)
    response = _sign_in_from(app.test_client(), "uk", "edi@example.org")
    assert response.headers["Location"] == "/uk/account/"


def test_signed_in_readers_see_the_modules_in_every_language(make_app, make_user, tmp_path):
    content = tmp_path / "content"
    shutil.copytree("tests/corpus", content)
    source = (content / "trainings" / "demo-module" / "index.ro.md").read_text(encoding="utf-8")
    (content / "trainings" / "demo-module" / "index.ru.md").write_text(
        source.replace("title: Modul demonstrativ", "title: Демонстрационный модуль").replace(
            "summary: Pentru specialiști.", "summary: Для специалистов."
        ),
        encoding="utf-8",
    )
    app = make_app(CONTENT_DIR=str(content))
    make_user("ana@example.org")
    client = app.test_client()
    _sign_in_from(client, "uk", "ana@example.org")
    uk = client.get("/uk/trainings/").get_data(as_text=True)
    assert "Увійдіть, щоб їх побачити" not in uk
    assert '<a href="/ro/trainings/demo-module" lang="ro" hreflang="ro">Modul demonstrativ</a>' in uk
    assert '<a href="/ro/trainings/advanced-module" lang="ro" hreflang="ro">Modul avansat</a>' in uk
    assert (
        'Доступний мовами: <a href="/ro/trainings/demo-module" hreflang="ro" lang="ro" aria-current="true">'
        'Română</a>, <a href="/ru/trainings/demo-module" hreflang="ru" lang="ru">Русский</a>'
    ) in uk
    ru = client.get("/ru/trainings/").get_data(as_text=True)
    assert '<a href="/ru/trainings/demo-module">Демонстрационный модуль</a>' in ru
    en = client.get("/en/trainings/").get_data(as_text=True)
    assert "Sign in to see them" not in en and "Available in:" in en and ">Modul demonstrativ</a>" in en


def test_anonymous_readers_of_other_languages_see_the_open_modules_and_are_asked_to_sign_in(app):
    html = app.test_client().get("/uk/trainings/").get_data(as_text=True)
    assert '<a href="/ro/trainings/open-module" lang="ro" hreflang="ro">Curs deschis</a>' in html
    assert "Modul demonstrativ" not in html
