"""The editorial forms (Flask-WTF, so each carries a CSRF token); composing the file is in frontmatter.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from portal.content.model import AUDIENCES, STATUSES
from portal.editorial.models import ALT
from portal.editorial.workflow import COMMENT
from portal.web.forms import REQUIRED

AREA_CHOICES = [
    ("guides", _l("Guide section")),
    ("trainings", _l("Training lesson")),
    ("materials", _l("Material")),
]


class StartForm(FlaskForm):
    """The Edit button of a page: which file to draft."""

    path = HiddenField(validators=[DataRequired(REQUIRED), Length(max=300)])


class NewPageForm(FlaskForm):
    """A new page: its area, the guide or module it belongs to, its slug (Romanian first)."""

    area = SelectField(_l("Area"), choices=AREA_CHOICES)
    parent = StringField(_l("Guide or module (its slug)"), validators=[Length(max=100)])
    slug = StringField(_l("Slug"), validators=[DataRequired(REQUIRED), Length(max=100)])


class DraftForm(FlaskForm):
    """A draft's front matter as fields, its Markdown body, and what the change is."""

    title = StringField(_l("Title"), validators=[Length(max=300)])
    summary = StringField(_l("Summary"), validators=[Length(max=500)])
    status = SelectField(_l("Status"), choices=[(s, s) for s in STATUSES])
    audience = SelectField(_l("Audience"), choices=[(a, a) for a in AUDIENCES])
    reviewed = StringField(_l("Reviewed on (YYYY-MM-DD)"), validators=[Length(max=20)])
    order = StringField(_l("Order"), validators=[Length(max=10)])
    articles = StringField(_l("Istanbul Convention articles:"), validators=[Length(max=300)])
    competencies = SelectMultipleField(_l("Competencies"), choices=[], validate_choice=False)
    sources = TextAreaField(_l("Sources (one a line)"), validators=[Length(max=5000)])
    unverified = TextAreaField(_l("Unverified (one a line)"), validators=[Length(max=5000)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=200_000)])
    minor = BooleanField(_l("Minor fix (translations stay up to date)"))
    comment = StringField(_l("Comment"), validators=[Length(max=COMMENT)])
    # Checked only when the Upload button is pressed (views/drafts.py), after the text is saved.
    image = FileField(_l("Image (PNG, JPEG or WebP, up to 2 MB)"))
    image_alt = StringField(
        _l("Alt text: what the image shows, for those who cannot see it"), validators=[Length(max=ALT)]
    )


class ReviewForm(FlaskForm):
    """Publish or send back a pending draft; sending back needs a comment."""

    comment = TextAreaField(_l("Comment"), validators=[Length(max=COMMENT)])
