"""What every form shares: the required-field message and the token-only form for POST buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

REQUIRED = _l("This field is required.")


class ActionForm(FlaskForm):
    """A form with only its CSRF token, for POST buttons (sign out, sign out everywhere)."""
