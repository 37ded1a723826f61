"""The sign-in limit holds across worker processes through Redis."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import json, re, sys
from portal import create_app
from portal.extensions import db
app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                  "CONTENT_DIR": "tests/corpus", "REDIS_URL": sys.argv[1],
                  "RATELIMIT_KEY_PREFIX": sys.argv[2]})
with app.app_context():
    db.create_all()
client = app.test_client()
codes = []
for _ in range(int(sys.argv[3])):
    html = client.get("/ro/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    form = {"email": "target@example.org", "password": "wrong guess one two", "csrf_token": token}
    codes.append(client.post("/ro/login", data=form).status_code)
print(json.dumps(codes))
"""


def test_brute_force_limit_holds_across_two_processes(redis_url):
    prefix = f"test-{uuid.uuid4().hex}"
    codes = []
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", WORKER, redis_url, prefix, "4"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        codes += json.loads(result.stdout.strip().splitlines()[-1])
    assert codes == [200] * 5 + [429] * 3
