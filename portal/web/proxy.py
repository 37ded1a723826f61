"""Behind a TLS proxy: trust exactly the configured number of hops for the client address and scheme."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Wrap the app in ProxyFix when PORTAL_TRUSTED_PROXIES names the hops in front of it (default 0).

    With 0 the X-Forwarded-* headers are ignored, so nobody can choose their own address by sending one.
    """
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
