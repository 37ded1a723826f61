"""Where an anonymous visitor goes when a page needs signing in."""

from __future__ import annotations

from flask import g, redirect, request, url_for

from portal.content.model import SOURCE_LANGUAGE


def to_login():
    """Send the visitor to the sign-in page, coming back here afterwards."""
    return redirect(url_for("auth.login", lang=getattr(g, "lang", SOURCE_LANGUAGE), next=request.path))
