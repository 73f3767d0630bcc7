"""Serve the project's web page, and tell it where the local WebSocket is.

``/wrapper-config.json`` is generated in memory (the deployed page gets the same
file written by ``wrapper deploy``), so one page works offline and in the cloud.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

DEV_ERRORS_PATH = "./_wrapper/errors"


def dev_errors_route(handler_errors: Callable[[], list[dict[str, Any]]]) -> web.RouteDef:
    """``/_wrapper/errors``: the handler errors `wrapper dev` has seen, for the page's toast (never deployed)."""

    async def errors(request: web.Request) -> web.Response:
        return web.json_response({"errors": handler_errors()}, headers={"Cache-Control": "no-store"})

    return web.get(DEV_ERRORS_PATH.lstrip("."), errors)


def frontend_app(
    folder: Path,
    page_config: dict[str, Any] | Callable[[web.Request], dict[str, Any]],
    extra_routes: Sequence[web.RouteDef] = (),
) -> web.Application:
    """``page_config`` may depend on the request: with --lan it names the host the page was loaded from."""
    root = Path(os.path.abspath(folder))

    async def config(request: web.Request) -> web.Response:
        body = page_config(request) if callable(page_config) else page_config
        return web.json_response(body, headers={"Cache-Control": "no-store"})

    async def files(request: web.Request) -> web.StreamResponse:
        rel = request.match_info.get("path", "") or "index.html"
        # Normalise without following links: frontend/node_modules may be a link (npm link,
        # a shared install) and is fine to serve; '..' out of the folder is not.
        path = Path(os.path.normpath(root / rel))
        if root not in path.parents and path != root:
            raise web.HTTPForbidden()
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            raise web.HTTPNotFound()  # .env, .git, ...: what a page never needs and a secret often is
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path, headers={"Cache-Control": "no-store"})

    app = web.Application()
    app.add_routes([web.get("/wrapper-config.json", config), *extra_routes, web.get("/", files), web.get("/{path:.*}", files)])
    return app


def setup_warnings(folder: Path) -> list[str]:
    """What the developer should do before the page can work."""
    if not folder.is_dir():
        return [f"no {folder.name}/ folder: the page is not served (set dev.frontend_dir in wrapper.toml)"]
    if (folder / "package.json").is_file() and not (folder / "node_modules").is_dir():
        return [
            f"three.js is not installed for the page: install Node.js (npm) and run wrapper dev again, or run `npm install` in {folder}"
        ]
    return []
