"""GET and HEAD change nothing: every GET route, for every role, leaves every table as it was.

The one exception is written out below: opening a learner's record or downloading personal data is itself
recorded (one audit event of a known kind), on GET only; a HEAD sends nothing, so it records nothing.
"""

from __future__ import annotations

import pytest
from route_helpers import ROLES, World, changes, snapshot
from test_access_policy import ACCESS

from portal import create_app
from portal.extensions import db

CORPUS = "tests/corpus"

# GET routes whose reading is audited: the one event a GET by an allowed role appends.
AUDITED_READS = {
    "supervision.learner": "record-viewed",
    "supervision.export_csv": "export",
    "supervision.export_xlsx": "export",
    "learning.my_data_json": "export",
    "learning.my_data_csv": "export",
}


def _cases():
    for endpoint, row in ACCESS.items():
        if "GET" not in row["methods"]:
            continue
        for method in ("GET", "HEAD"):
            yield pytest.param(endpoint, method, id=f"{method} {endpoint}")


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    """One app and its users for the whole module: each request is judged by what it changes."""
    tmp = tmp_path_factory.mktemp("safe-methods")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "CONTENT_DIR": CORPUS,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'portal.db'}",
            "SEARCH_INDEX_DIR": str(tmp / "search-index"),
            "RENDER_CACHE_DIR": str(tmp / "render-cache"),
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        db.create_all()
    world = World(app)
    for role in ROLES:
        world.attempt(role)  # every learner has an attempt of their own for the attempt page...
    world.submit_open_attempts()  # ...already submitted, so the attempt page shows its results
    return world


def test_the_cases_cover_every_get_route(world):
    routes = {rule.endpoint for rule in world.app.url_map.iter_rules() if "GET" in rule.methods}
    assert routes == {endpoint for endpoint, row in ACCESS.items() if "GET" in row["methods"]}
    assert set(AUDITED_READS) | {"learning.quiz"} <= routes


@pytest.mark.parametrize("endpoint, method", list(_cases()))
def test_get_and_head_change_nothing(world, endpoint, method):
    changed = []
    for role in ROLES:
        if endpoint == "learning.quiz":
            world.submit_open_attempts()  # the state in which the quiz page has something to open
        path = world.path(endpoint, role)
        before = snapshot(world.app)
        response = world.client(role).open(path, method=method)
        assert response.status_code < 500, (role, path)
        after = snapshot(world.app)
        if method == "GET" and endpoint in AUDITED_READS and ACCESS[endpoint][role] == "allow":
            added = [row for row in after["audit_events"] if row not in before["audit_events"]]
            assert len(added) == 1 and repr(AUDITED_READS[endpoint]) in added[0], (role, added)
            after["audit_events"] = [row for row in after["audit_events"] if row not in added]
        if changes(before, after):
            changed.append((role, changes(before, after)))
    assert changed == []
