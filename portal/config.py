"""Configuration defaults; the instance file and PORTAL_* environment variables override them."""

from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-not-secret"
MIN_SECRET_KEY_LENGTH = 32  # the production entry point refuses anything shorter
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DefaultConfig:
    """Defaults for every deployment."""

    SECRET_KEY = DEFAULT_SECRET_KEY
    CONTENT_DIR = str(PROJECT_ROOT / "content")
    SEARCH_INDEX_DIR = None  # default: <instance>/search-index
    RENDER_CACHE_DIR = None  # default: <instance>/render-cache (rendered Markdown reused between starts)
    SQLALCHEMY_DATABASE_URI = None  # default: sqlite:///<instance>/portal.db
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    REDIS_URL = None  # shared rate-limit storage across worker processes
    TRUSTED_PROXIES = 0  # proxies in front of the portal whose X-Forwarded-For/-Proto are believed
    HSTS_MAX_AGE = 63072000  # two years, on HTTPS responses outside debug and testing
    QUICK_EXIT_URL = "https://www.wikipedia.org/"
    BABEL_DEFAULT_LOCALE = "ro"
    BABEL_TRANSLATION_DIRECTORIES = "translations"
    MAX_CONTENT_LENGTH = 1024 * 1024
    UPLOAD_ENDPOINTS = ("drafts.edit",)  # routes that take an image (portal/web/uploads.py)
    UPLOAD_MAX_CONTENT_LENGTH = 12 * 1024 * 1024  # there: images up to 2 MB are explained on the form
    PAGE_CACHE_SIZE = 4096
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "portal_session"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    CONTENT_REMOTE = None  # git remote (name or URL) the content clone pushes to and fetches; None: one node
    CONTENT_CHECK_SECONDS = 2  # how often each process asks the database for newer content; 0: never
    EDITORIAL_ALLOW_SELF_PUBLISH = False  # four-eyes: True lets a one-person team publish its own drafts
    MAIL_SERVER = None  # SMTP host (Flask-Mailman settings); None: no mail; pages say ask the administrator
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_DEFAULT_SENDER = None
    SITE_URL = "http://127.0.0.1:5000"  # absolute links: sitemap, robots.txt, OpenSearch, certificates, CLI
    NOTIFY_LOOKBACK_DAYS = 7  # `flask notify`: events this recent become notices, notices this new are mailed
