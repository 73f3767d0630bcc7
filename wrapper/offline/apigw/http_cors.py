"""CORS as an HTTP API with a CORS configuration applies it.

API Gateway answers preflight requests (``OPTIONS`` with ``Access-Control-Request-Method``)
itself, without calling any route; on other responses it sets the configured headers for an
allowed ``Origin`` and ignores the ``Access-Control-*`` headers the integration returned. An
origin not in the list gets no CORS header, so the browser refuses the response
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html).
"""

from __future__ import annotations

from dataclasses import dataclass

from wrapper.config.http_settings import CORS_ALLOW_HEADERS, CORS_MAX_AGE_SECONDS


@dataclass(frozen=True)
class Cors:
    origins: tuple[str, ...]
    methods: tuple[str, ...]  # what the routes use, or ("*",): config.http_settings.cors_methods

    def allows(self, origin: str | None) -> bool:
        return origin is not None and ("*" in self.origins or origin.rstrip("/").lower() in self.origins)

    def _allow_origin(self, origin: str) -> str:
        return "*" if "*" in self.origins else origin

    def preflight_headers(self, origin: str | None, method: str | None) -> list[tuple[str, str]]:
        allowed_methods = ",".join(self.methods)
        if origin is None or not self.allows(origin) or not method:
            return []
        if allowed_methods != "*" and method.upper() not in self.methods:
            return []
        return [
            ("access-control-allow-origin", self._allow_origin(origin)),
            ("access-control-allow-methods", allowed_methods),
            ("access-control-allow-headers", ",".join(CORS_ALLOW_HEADERS)),
            ("access-control-max-age", str(CORS_MAX_AGE_SECONDS)),
        ]

    def response_headers(self, origin: str | None, given: list[tuple[str, str]]) -> list[tuple[str, str]]:
        kept = [(n, v) for n, v in given if not n.lower().startswith("access-control-")]
        if origin is not None and self.allows(origin):
            kept.append(("access-control-allow-origin", self._allow_origin(origin)))
        return kept
