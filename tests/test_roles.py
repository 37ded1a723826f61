"""The editorial roles as administrators meet them: named in the reader's language, granted like any other."""

from __future__ import annotations

import re

from accounts_helpers import csrf_token, sign_in
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db


def test_the_admin_form_names_every_role_in_the_admins_language(client, make_user):
    make_user("boss@example.org", role="admin")
    sign_in(client, "boss@example.org")
    html = client.get("/ro/admin/users/new").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="role".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option[^>]*value="([a-z]+)"[^>]*>([^<]+)</option>', select_html) == [
        ("specialist", "Specialist"),
        ("psychologist", "Psiholog"),
        ("supervisor", "Supervizor"),
        ("translator", "Traducător"),
        ("editor", "Redactor"),
        ("reviewer", "Recenzent"),
        ("admin", "Administrator"),
    ]


def test_an_admin_creates_a_reviewer_and_a_translator(app, client, make_user):
    make_user("boss@example.org", role="admin")
    sign_in(client, "boss@example.org")
    path = "/ro/admin/users/new"
    for email, role in (("rev@example.org", "reviewer"), ("tr@example.org", "translator")):
        data = {"email": email, "display_name": role.title(), "role": role, "agency": "", "language": "ru"}
        response = client.post(path, data={**data, "csrf_token": csrf_token(client, path)})
        assert response.status_code in (200, 302, 303), response.status_code
    with app.app_context():
        rows = db.session.execute(select(User.email, User.role, User.languages).order_by(User.email)).all()
    assert [tuple(row) for row in rows] == [
        ("boss@example.org", "admin", ""),
        ("rev@example.org", "reviewer", ""),
        ("tr@example.org", "translator", ""),
    ]
