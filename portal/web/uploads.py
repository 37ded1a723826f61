"""Larger request bodies only where a form takes a file: the routes in UPLOAD_ENDPOINTS.

Everywhere else a request stays within MAX_CONTENT_LENGTH (1 MB). A route that takes an image accepts up to
UPLOAD_MAX_CONTENT_LENGTH, well over the image limit the view explains next to its field, so that an image
somewhat too large is answered on the form with the text kept, not with a bare "too large" page.
"""

from __future__ import annotations

from flask import Flask, Request, current_app


class PortalRequest(Request):
    """A request whose size limit depends on the route it matched."""

    @property
    def max_content_length(self) -> int | None:  # type: ignore[override]
        if current_app and self.endpoint in current_app.config.get("UPLOAD_ENDPOINTS", ()):
            return current_app.config["UPLOAD_MAX_CONTENT_LENGTH"]
        return current_app.config["MAX_CONTENT_LENGTH"] if current_app else None


def init_app(app: Flask) -> None:
    """Use the route-dependent limit for every request."""
    app.request_class = PortalRequest
