"""gunicorn settings: two workers on the loopback, an access log without IP addresses or query strings."""

import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("PORTAL_WORKERS", "2"))
accesslog = "-"
# %(U)s is the path without the query string, so search terms never reach the log; no %(h)s (client address).
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = "127.0.0.1"
# Every error and access line without addresses, tokens, emails, queries or line breaks.
logger_class = "portal.gunicorn_logger.PrivateLogger"
# Parse the content once in the master; workers share it copy-on-write.
preload_app = True
