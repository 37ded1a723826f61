"""Helpers of the editorial tests: git in their content repositories (the `content` fixture in conftest.py
makes one) and the fields of a form as the page shows them."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

from accounts_helpers import csrf_token
from sqlalchemy import select

from portal.editorial.models import Draft
from portal.extensions import db


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def posted_form(client, url: str) -> dict[str, str]:
    """What the browser would send back unchanged: every field of the form at `url` as the page shows it."""
    page = client.get(url).get_data(as_text=True)
    data = {}
    inputs = r'<input type="(?:text|hidden)"(?: id="[^"]*")? name="([^"]+)" value="([^"]*)"'
    for name, value in re.findall(inputs, page):
        data[name] = value
    for name, text in re.findall(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        data[name] = text
    for name, block in re.findall(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', block)
        data[name] = chosen.group(1) if chosen else ""
    for name in re.findall(r'<input type="checkbox" id="[^"]*" name="([^"]+)" value="y" checked>', page):
        data[name] = "y"
    data = {k: html.unescape(v) for k, v in data.items()}
    return data | {"csrf_token": csrf_token(client, url), "action": "save", "comment": ""}


def refused(app, client, url: str, data: dict[str, str], field: str, message: str) -> str:
    """Post a form with a bad `field`: a 422 with `message` beside it and no draft kept; return the page."""
    response = client.post(url, data=data)
    html_text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html_text
    assert f'id="{field}-error"' in html_text
    with app.app_context():
        assert db.session.scalars(select(Draft)).all() == []
    return html_text
