"""Public pages in each language: home, listings and items of every kind, services."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from flask import Blueprint, current_app, g, render_template
from flask_login import current_user

from portal import policy
from portal.editorial import translations
from portal.editorial.history import may_read_history
from portal.editorial.paths import UnsafePath
from portal.editorial.status import review_overdue
from portal.editorial.workflow import may_write
from portal.pages.lookup import neighbours, parent_of, readable_item, readable_versions, visible
from portal.roles import ROLES
from portal.web.content_loader import library
from portal.web.page_cache import cached_page

bp = Blueprint("pages", __name__, url_prefix="/<lang:lang>")


@bp.get("/")
@cached_page
def home():
    materials = visible(library().of_kind("material", g.lang))
    guides = visible(library().of_kind("guide", g.lang))
    return render_template("home.html", materials=materials, guides=guides)


# Variants as data: each listing (endpoint = area, kind listed) and each item page (endpoint, URL, item key).
LISTINGS = (("materials", "material"), ("guides", "guide"), ("trainings", "module"))
ITEM_PAGES = (
    ("material", "/materials/<slug:slug>", "materials/{slug}"),
    ("guide", "/guides/<slug:guide>", "guides/{guide}"),
    ("section", "/guides/<slug:guide>/<slug:section>", "guides/{guide}/{section}"),
    ("module", "/trainings/<slug:module>", "trainings/{module}"),
    ("lesson", "/trainings/<slug:module>/<slug:lesson>", "trainings/{module}/{lesson}"),
)


def listing(area: str, kind: str) -> str:
    """Render the items of one kind the visitor may read; modules in every language they exist in."""
    if kind == "module":  # a module not yet translated is still there to take, in the languages it has
        found = readable_versions(kind, g.lang)
        return render_template(
            "listing.html", area=area, items=[i for i, _ in found], versions={i.key: v for i, v in found}
        )
    return render_template("listing.html", area=area, items=visible(library().of_kind(kind, g.lang)))


def item_page(key_pattern: str, **parts: str) -> str:
    """Render an item: a guide or module with its parts, a section or lesson with parent and neighbours."""
    item = readable_item(key_pattern.format(**parts))
    root = Path(current_app.config["CONTENT_DIR"])
    signed_in = current_user.is_authenticated
    return render_template(
        "item.html",
        item=item,
        outdated=translations.outdated_since(library(), item, root),
        # Signed-in pages are never cached: what only some readers see goes only to them.
        review_due=signed_in and review_overdue(item),
        may_edit=signed_in and ROLES[current_user.role].writes and may_write(current_user, item.path),
        history=signed_in and _reads_history(item.path),
        children=visible(library().children(item.key, g.lang)),
        parent=parent_of(item),
        neighbours=neighbours(item),
    )


def _reads_history(path: str) -> bool:
    """Tell whether the signed-in user may see the published versions of the file `path`."""
    if not policy.allowed("history.versions", policy.role_of(current_user)):
        return False
    try:
        return may_read_history(current_user, path)
    except UnsafePath:
        return False


for _area, _kind in LISTINGS:
    bp.add_url_rule(f"/{_area}/", _area, cached_page(partial(listing, _area, _kind)), methods=["GET"])
for _endpoint, _rule, _key in ITEM_PAGES:
    bp.add_url_rule(_rule, _endpoint, cached_page(partial(item_page, _key)), methods=["GET"])


@bp.get("/services")
@cached_page
def services():
    data = library().data
    return render_template(
        "services.html", hotlines=data.hotlines, services=data.services, agencies=data.agencies
    )
