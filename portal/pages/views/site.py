"""Routes outside the language folders: language redirect, quick exit, sitemap, robots.txt, health check."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from portal.content.model import LANGUAGES, SOURCE_LANGUAGE
from portal.pages.sitemap import sitemap_entries
from portal.web.content_loader import library
from portal.web.links import site_url

bp = Blueprint("site", __name__)

# The pages of the sitemap that are not content items, in every language.
SITEMAP_PAGES = ("pages.home", "pages.materials", "pages.guides", "pages.services")


@bp.get("/")
def root():
    lang = request.accept_languages.best_match(LANGUAGES) or SOURCE_LANGUAGE
    response = redirect(url_for("pages.home", lang=lang), code=302)
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.get("/exit", endpoint="exit")
def quick_exit():
    """Leave for the neutral site, asking the browser to drop what it cached of this one; set no cookie."""
    response = redirect(current_app.config["QUICK_EXIT_URL"], code=302)
    # Only the cache: visitors have no cookies or storage here, and "cookies" would sign a specialist out.
    response.headers["Clear-Site-Data"] = '"cache"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/sitemap.xml")
def sitemap():
    pages = [{lang: site_url(endpoint, lang=lang) for lang in LANGUAGES} for endpoint in SITEMAP_PAGES]
    entries = sitemap_entries(library(), current_app.config["SITE_URL"].rstrip("/"), pages)
    xml = render_template("sitemap.xml", entries=entries)
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    sitemap_url = site_url("site.sitemap")
    return Response(f"User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n", mimetype="text/plain")


@bp.get("/healthz")
def health():
    return Response("ok\n", mimetype="text/plain")
