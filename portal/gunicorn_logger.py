"""gunicorn's logger with the portal's privacy rules: see `portal.web.log_privacy`.

gunicorn writes client addresses ("Invalid request from ip=...") and raw request lines in its error log, and
paths with one-time tokens in its access log; this class passes every line through `scrub`.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from portal.web.log_privacy import ScrubbingFilter, scrub


class PrivateLogger(Logger):
    """An error and access log that keep visitors anonymous and tokens secret."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(ScrubbingFilter())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: scrub(value) if isinstance(value, str) else value for key, value in atoms.items()}
