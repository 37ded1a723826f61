"""Absolute links on the configured site (SITE_URL), for mails, certificates, the sitemap and feeds."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def site_url(endpoint: str, **values) -> str:
    """Return the absolute URL of a route on SITE_URL, in a request or on the command line."""
    site = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(site.netloc, script_name=site.path or "/", url_scheme=site.scheme)
    return adapter.build(endpoint, values, force_external=True)
