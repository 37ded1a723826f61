"""The production entry point (`gunicorn portal.wsgi:app`): refuses a weak SECRET_KEY."""

from portal import create_app, require_strong_secret

app = create_app()
require_strong_secret(app)
