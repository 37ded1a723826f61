"""The Convention article index for specialists: every article the content covers, and what covers each."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template

from portal.content.articles import covering
from portal.content.library import listing_key
from portal.pages.lookup import visible
from portal.web.content_loader import library
from portal.web.page_cache import cached_page

bp = Blueprint("convention", __name__, url_prefix="/<lang:lang>/convention")

# The groups of an article page, in order, and the kinds of item each holds (their titles: the template).
GROUPS = (("guides", ("guide", "section")), ("trainings", ("module", "lesson")), ("materials", ("material",)))


@bp.get("/")
@cached_page
def index():
    items = library().items
    named = sorted(
        {n for (_, lang), i in items.items() if lang == g.lang and i.is_published for n in i.articles}
    )
    articles = [library().articles[n] for n in named if n in library().articles]
    counts = {a.number: len(covering(items, a.number, g.lang)) for a in articles}
    return render_template("convention/index.html", articles=articles, counts=counts)


@bp.get("/<int:number>")
@cached_page
def article(number: int):
    found = library().articles.get(number)
    if found is None:
        abort(404)
    everything = covering(library().items, number, g.lang)
    shown = visible(everything)
    groups = [
        (area, sorted((i for i in shown if i.kind in kinds), key=lambda i: listing_key(i, g.lang)))
        for area, kinds in GROUPS
    ]
    return render_template(
        "convention/article.html",
        article=found,
        groups=[(area, found_items) for area, found_items in groups if found_items],
        hidden=len(everything) - len(shown),
        parents={
            i.key: library().get(i.parent_key, g.lang) for i in shown if i.kind in ("section", "lesson")
        },
    )
