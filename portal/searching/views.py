"""Search pages: results in HTML and JSON, and the OpenSearch description."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, current_app, g, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import readable_audiences
from portal.searching.service import (
    MAX_QUERY_LENGTH,
    SearchRequest,
    SearchUnavailable,
    search_with_correction,
)
from portal.web.links import site_url

bp = Blueprint("search", __name__, url_prefix="/<lang:lang>")


def _request() -> SearchRequest:
    return SearchRequest.from_args(request.args, g.lang, readable_audiences(current_user))


def _search(wanted: SearchRequest):
    return search_with_correction(
        current_app.config["SEARCH_INDEX_DIR"], wanted, current_app.extensions.get("search_synonyms")
    )


@bp.get("/search")
def results():
    wanted = _request()
    found, corrected, message, status = None, None, None, 200
    if wanted.query:
        try:
            found, corrected = _search(wanted)
        except SearchUnavailable:
            message, status = _("Search is briefly unavailable. Please try again in a few minutes."), 503
    elif "q" in request.args:
        message = _("Type one or more words to search for.")

    def link(**changes) -> str:
        args = {
            "q": corrected or wanted.query,
            "all": "1" if wanted.all_languages else None,
            "kind": wanted.kind,
            "article": wanted.article,
            "page": wanted.page if wanted.page > 1 else None,
        }
        args.update(changes)
        return url_for("search.results", lang=g.lang, **{k: v for k, v in args.items() if v})

    return render_template(
        "search/results.html",
        q=wanted.query,
        corrected=corrected,
        all_languages=wanted.all_languages,
        kind=wanted.kind,
        article=wanted.article,
        results=found,
        message=message,
        link=link,
        max_length=MAX_QUERY_LENGTH,
    ), status


@bp.get("/search.json")
def results_json():
    wanted = _request()
    if not wanted.query:
        return jsonify({"query": "", "total": 0, "hits": []})
    try:
        found, corrected = _search(wanted)
    except SearchUnavailable:
        return jsonify({"error": "search-unavailable"}), 503
    return jsonify({"query": wanted.query, "corrected": corrected, **asdict(found)})


@bp.get("/opensearch.xml")
def opensearch():
    xml = render_template(
        "search/opensearch.xml",
        results_url=site_url("search.results", lang=g.lang),
        json_url=site_url("search.results_json", lang=g.lang),
        icon_url=site_url("static", filename="favicon.svg"),
        short_name=_("Violence Response Portal")[:16],
        description=_("Search the portal"),
    )
    return Response(xml, mimetype="application/opensearchdescription+xml")
