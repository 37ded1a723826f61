"""Public pages in each language: home, materials, guides, trainings, services."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from portal.pages.lookup import neighbours, parent_of, readable_item, visible
from portal.web.content_loader import library
from portal.web.page_cache import cached_page

bp = Blueprint("pages", __name__, url_prefix="/<lang:lang>")


@bp.get("/")
@cached_page
def home():
    materials = visible(library().of_kind("material", g.lang))
    guides = visible(library().of_kind("guide", g.lang))
    return render_template("home.html", materials=materials, guides=guides)


@bp.get("/materials/")
@cached_page
def materials():
    return render_template(
        "listing.html", area="materials", items=visible(library().of_kind("material", g.lang))
    )


@bp.get("/materials/<slug:slug>")
@cached_page
def material(slug: str):
    return render_template("item.html", item=readable_item(f"materials/{slug}"))


@bp.get("/guides/")
@cached_page
def guides():
    return render_template("listing.html", area="guides", items=visible(library().of_kind("guide", g.lang)))


@bp.get("/guides/<slug:guide>")
@cached_page
def guide(guide: str):
    item = readable_item(f"guides/{guide}")
    return render_template("item.html", item=item, children=visible(library().children(item.key, g.lang)))


@bp.get("/guides/<slug:guide>/<slug:section>")
@cached_page
def section(guide: str, section: str):
    item = readable_item(f"guides/{guide}/{section}")
    return render_template("item.html", item=item, parent=parent_of(item), neighbours=neighbours(item))


@bp.get("/trainings/")
@cached_page
def trainings():
    return render_template(
        "listing.html", area="trainings", items=visible(library().of_kind("module", g.lang))
    )


@bp.get("/trainings/<slug:module>")
@cached_page
def module(module: str):
    item = readable_item(f"trainings/{module}")
    return render_template("item.html", item=item, children=visible(library().children(item.key, g.lang)))


@bp.get("/trainings/<slug:module>/<slug:lesson>")
@cached_page
def lesson(module: str, lesson: str):
    item = readable_item(f"trainings/{module}/{lesson}")
    return render_template("item.html", item=item, parent=parent_of(item), neighbours=neighbours(item))


@bp.get("/services")
@cached_page
def services():
    data = library().data
    return render_template(
        "services.html", hotlines=data.hotlines, services=data.services, agencies=data.agencies
    )
