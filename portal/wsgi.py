"""The production entry point (`gunicorn portal.wsgi:app`): refuses a weak SECRET_KEY.

The check holds whatever else is set: PORTAL_DEBUG or PORTAL_TESTING do not skip it.
"""

from portal import create_app, require_strong_secret

app = create_app()
require_strong_secret(app)
