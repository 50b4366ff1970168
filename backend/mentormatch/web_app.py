"""The built web app on the same origin as the API: its files, and `index.html` for its own routes.

The app routes in the browser (`/requests`, `/mentors/<id>`), so a deep link or a reload asks the
server for a path that is no file: a page navigation (a GET that accepts `text/html`) to any path the
API does not own gets `index.html`, and the web app shows the page. Everything else stays a real 404:
unknown API paths (`/graphql/...`, `/healthz/...`, `/api/...`), a missing file under `/assets/` (a
stale bundle must fail loudly, not parse HTML as JavaScript), and requests that do not want HTML.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any

from litestar import Request, Router, get, head
from litestar.exceptions import NotFoundException
from litestar.file_system import BaseLocalFileSystem
from litestar.response.file import ASGIFileResponse
from litestar.static_files.base import StaticFiles

# First path segments the API owns: nothing under them is the web app's.
API_PREFIXES = frozenset({"graphql", "healthz", "readyz", "api", "auth"})
# Vite names every file under assets/ by a hash of its content, so a name never changes meaning.
ASSETS = "assets"
_IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
# index.html and the files beside it keep their names across releases: always revalidated.
_REVALIDATE = {"Cache-Control": "no-cache"}


def web_app_router(frontend_dir: Path) -> Router:
    """Routes serving the web app built into `frontend_dir` (which holds index.html)."""
    file_system = BaseLocalFileSystem()
    # StaticFiles resolves a path inside its directory only (no `..` escapes).
    assets = StaticFiles(False, [frontend_dir / ASSETS], file_system, headers=_IMMUTABLE)
    files = StaticFiles(False, [frontend_dir], file_system, headers=_REVALIDATE)

    async def respond(request: Request[Any, Any, Any], path: str, *, head: bool) -> ASGIFileResponse:
        segments = [segment for segment in path.split("/") if segment]
        if segments and segments[0] in API_PREFIXES:
            raise NotFoundException()
        if segments and segments[0] == ASSETS:
            return await assets.handle("/".join(segments[1:]), is_head_response=head)
        if segments:
            try:
                return await files.handle("/".join(segments), is_head_response=head)
            except NotFoundException:
                if "text/html" not in request.headers.get("accept", ""):
                    raise
        return await files.handle("index.html", is_head_response=head)

    @get(["/", "/{path:path}"], include_in_schema=False, name="web_app")
    async def serve(request: Request[Any, Any, Any], path: PurePath | None = None) -> ASGIFileResponse:
        return await respond(request, path.as_posix() if path else "", head=False)

    @head(["/", "/{path:path}"], include_in_schema=False, name="web_app/head")
    async def serve_head(request: Request[Any, Any, Any], path: PurePath | None = None) -> ASGIFileResponse:
        return await respond(request, path.as_posix() if path else "", head=True)

    return Router(path="/", route_handlers=[serve, serve_head])
