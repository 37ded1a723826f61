"""The public certificate check: a box for the code, whose certificate it is, and nothing else."""

from __future__ import annotations

import re

import pytest
from learning_helpers import read_lessons, signed_in, take_quiz
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.learning.models import Certificate


def _certificate(app, make_user, language: str = "ro") -> str:
    client, user = signed_in(app, make_user)
    with app.app_context():
        db.session.get(User, user.id).language = language
        db.session.commit()
    read_lessons(client)
    take_quiz(app, client)
    with app.app_context():
        return db.session.scalar(select(Certificate.code))


def _main(html: str) -> str:
    return html.split("<main")[1].split("</main>")[0]


def test_verify_has_a_labelled_box_that_works_without_javascript(app):
    html = app.test_client().get("/verify?lang=uk").get_data(as_text=True)
    form = re.search(r'<form class="verify-form" method="get" action="/verify">.*?</form>', html, re.S)
    assert form is not None and '<html lang="uk">' in html
    assert '<label for="verify-code">Код перевірки</label>' in form.group(0)
    assert 'id="verify-code" name="code" value=""' in form.group(0)
    assert '<input type="hidden" name="lang" value="uk">' in form.group(0)
    assert "field-error" not in html  # nothing typed yet: nothing is wrong


def test_a_typed_code_shows_the_printed_name_module_date_and_hours(app, make_user):
    code = _certificate(app, make_user)
    typed = " " + code.lower().replace("-", " ") + " "
    response = app.test_client().get("/verify", query_string={"code": typed, "lang": "ru"})
    main = _main(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Сертификат действителен." in main
    assert "<dt>Выдан</dt><dd>Ana</dd>" in main
    assert "Modul demonstrativ" in main  # the corpus module exists only in Romanian
    assert '<dd lang="ro">Modul demonstrativ</dd>' in main
    assert "<dt>Часы обучения</dt><dd>1</dd>" in main
    for private in ("ana@example.org", "centru", "100%", "Специалист", "specialist"):
        assert private not in main
    assert response.headers.get("Set-Cookie") is None  # anonymous visitors get no cookie


def test_an_unknown_code_is_explained_next_to_the_box_keeping_what_was_typed(app):
    response = app.test_client().get("/verify?code=AAAA-BBBB-CCCC-DDDD&lang=en")
    main = _main(response.get_data(as_text=True))
    assert response.status_code == 200
    assert 'value="AAAA-BBBB-CCCC-DDDD"' in main and 'aria-invalid="true"' in main
    assert (
        '<p class="field-error" id="verify-code-error"><strong>Not valid.</strong> '
        "No certificate has this code." in main
    )
    assert "Valid certificate." not in main


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("x" * 5000, 'value="' + "x" * 64 + '"'),
        ("Сертифікат №1", 'value="Сертифікат №1"'),
        ("ABCD EFGH", 'value="ABCD EFGH"'),
        ('"><script>alert(1)</script>', 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'),
        ("\x00\x01ÅÉ", 'value="\x00\x01ÅÉ"'),
    ],
)
def test_a_malformed_code_says_so_and_never_fails(app, typed, shown):
    client = app.test_client()
    response = client.get("/verify", query_string={"code": typed, "lang": "ro"})
    main = _main(response.get_data(as_text=True))
    assert response.status_code == 200
    assert shown in main
    assert "Acesta nu este un cod de verificare" in main and "<script>alert" not in main
    assert client.get("/verify/" + typed.replace("\x00", "").replace("/", "")[:300]).status_code in (200, 404)


def test_bytes_that_are_not_utf8_are_not_a_code(app):
    response = app.test_client().get("/verify?code=%FF%FE%00&lang=en")
    assert response.status_code == 200
    assert "This is not a verification code" in response.get_data(as_text=True)


def test_spaces_only_ask_for_the_code(app):
    main = _main(app.test_client().get("/verify?code=+++&lang=ro").get_data(as_text=True))
    assert "Introduceți codul tipărit pe certificat." in main and 'aria-invalid="true"' in main


def test_the_printed_link_opens_in_the_certificates_language(app, make_user, monkeypatch):
    client, user = signed_in(app, make_user)
    with app.app_context():
        db.session.get(User, user.id).language = "uk"
        db.session.commit()
    read_lessons(client)
    take_quiz(app, client)
    rendered = []
    monkeypatch.setattr(
        "portal.learning.views.learning.certificate_pdf", lambda html: rendered.append(html) or b"%PDF-"
    )
    client.get("/ro/learning/demo-module/certificate.pdf")
    with app.app_context():
        code = db.session.scalar(select(Certificate.code))
    link = re.search(r"https?://[^\s<]+/verify/[^\s<]+", rendered[0]).group(0)
    assert link.endswith(f"/verify/{code}?lang=uk")
    path = "/" + link.split("/", 3)[3]
    html = app.test_client().get(path, headers={"Accept-Language": "ro"}).get_data(as_text=True)
    assert '<html lang="uk">' in html and "Сертифікат дійсний." in html
