"""The HTTP headers of the hosted page, decided once for CloudFront and for tests that serve it.

Terraform gets the Content-Security-Policy and Permissions-Policy from here (through the
tfvars); a test serving the uploaded files locally sends exactly the same headers.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from pathlib import PurePosixPath

WEBSOCKET_ORIGIN = "{websocket_origin}"  # Terraform replaces it with the API's wss:// origin
CSP_MAX = 1783  # CloudFront's limit on a Content-Security-Policy value
PERMISSIONS_POLICY = "xr-spatial-tracking=(self), fullscreen=(self), camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Values Terraform's static_site module sets; tests/page compare them with the HCL.
FIXED_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
# A name part of 8+ characters from a bundler's hash alphabet, after '-' or '.', mixing digits and
# letters or both cases (Vite: index-BdX3kP9a.js, webpack: main.3f9a1c2e4b.js, Next: chunks/app-0a1b2c3d.js).
_HASH_PART = re.compile(r"[-.]([A-Za-z0-9_]{8,64})\.[A-Za-z0-9]+$")

_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".glb": "model/gltf-binary",
    ".gltf": "model/gltf+json",
    ".ktx2": "image/ktx2",
    ".hdr": "image/vnd.radiance",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain; charset=utf-8",
}


def content_type(key: str) -> str:
    """The Content-Type stored with the object (S3 would otherwise say binary/octet-stream)."""
    suffix = PurePosixPath(key).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(key, strict=False)
    return guessed or "application/octet-stream"


def is_content_hashed(key: str) -> bool:
    """A bundler put a hash of the content in the name, so the name changes whenever the bytes do."""
    if key.endswith(".html"):
        return False
    match = _HASH_PART.search(PurePosixPath(key).name)
    if not match:
        return False
    part = match.group(1)
    has_digit = any(c.isdigit() for c in part)
    has_alpha = any(c.isalpha() for c in part)
    mixed_case = part != part.lower() and part != part.upper()
    return (has_digit and has_alpha) or mixed_case


def cache_control(key: str) -> str:
    """Content-hashed files never change, so browsers keep them a year; the rest revalidate (ETag)."""
    return IMMUTABLE if is_content_hashed(key) else REVALIDATE


def inline_script_hashes(html: str) -> list[str]:
    """CSP sources for the inline scripts of a page (an import map is one), so no 'unsafe-inline' is needed."""
    hashes = []
    for body in _INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def content_security_policy(script_hashes: list[str], websocket_origin: str = WEBSOCKET_ORIGIN, extra_connect: tuple[str, ...] = ()) -> str:
    """What the page needs and no more: its own files, its inline scripts by hash, its one WebSocket (and HTTP API)."""
    scripts = " ".join(["'self'", *script_hashes])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        " ".join(["connect-src 'self'", websocket_origin, *extra_connect]),
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def response_headers(script_hashes: list[str], websocket_origin: str) -> dict[str, str]:
    """Every header CloudFront adds to the page's responses, as the browser receives them."""
    return {
        **FIXED_HEADERS,
        "Content-Security-Policy": content_security_policy(script_hashes, websocket_origin),
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
