"""Security and caching headers on every response, static files and errors included."""

from flask import Flask, Response, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def add_headers(response: Response) -> Response:
    """Add the security headers (HSTS on HTTPS in production); let browsers revalidate pages by ETag."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure and not (current_app.debug or current_app.testing):
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={current_app.config['HSTS_MAX_AGE']}; includeSubDomains"
        )
    if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.direct_passthrough:
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"
        if not response.get_etag()[0]:
            response.add_etag()
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    """Install the headers on every response."""
    app.after_request(add_headers)
