"""The FastAPI application of the central server: routers, problem handlers, body-size guard."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import API_PREFIX, API_VERSION
from sync.server import (
    api_admin,
    api_auth,
    api_projection,
    api_sync,
    api_workflow,
    passwords,
    projection,
    web,
)
from sync.server.api_sync import PullShortcut, server_limits
from sync.server.auth import current_principal
from sync.server.blobstore import create_blob_store
from sync.server.config import Settings, load_settings
from sync.server.db import Database
from sync.server.problems import generic_problem, install_problem_handlers, problem_response
from sync.server.throttle import LoginThrottle
from sync.server.uploads import PatchShortcut, build_upload_router

log = logging.getLogger(__name__)

UPLOADS_PREFIX = f"{API_PREFIX}/uploads"


class BodySizeLimit:
    """Refuse oversize request bodies with 413 before reading them.

    A declared ``Content-Length`` above the limit is answered at once; a chunked body is counted
    as it streams and cut off at the limit. Upload paths get ``max_upload_bytes``, the rest
    ``max_request_bytes``.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def _limit(self, path: str) -> int:
        if path.startswith(UPLOADS_PREFIX):
            return self.settings.max_upload_bytes
        return self.settings.max_request_bytes

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(generic_problem(413, scope.get("path")))
        response.headers["Connection"] = "close"
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope.get("path", ""))
        declared: int | None = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
                break
        if declared is not None and declared > limit:
            await self._refuse(scope, receive, send)
            return

        received = 0
        forwarded = False
        too_large = False

        async def guarded_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal forwarded
            if too_large:
                return  # whatever the app made of the cut-off body, the answer is 413
            forwarded = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large and not forwarded:
            await self._refuse(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


class SecurityHeaders:
    """Headers every answer carries: ``X-Content-Type-Options: nosniff`` (a browser never
    guesses another type than the one sent) and ``Cache-Control: no-store`` unless the handler
    chose its own caching (blob downloads do): sign-in answers, tokens and records must not
    stay in a shared or browser cache."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _problem_openapi(app: FastAPI) -> None:
    """Describe error responses as ``application/problem+json`` with the ``Problem`` schema
    (FastAPI would say ``application/json``, and its own validation error shape for 422)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                for status, response in operation.get("responses", {}).items():
                    if not status.isdigit() or int(status) < 400:
                        continue
                    content = response.setdefault("content", {})
                    content.pop("application/json", None)
                    content["application/problem+json"] = {"schema": problem_ref}
        components = schema.get("components", {}).get("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(settings: Settings) -> FastAPI:
    """Build the server application for ``settings`` (the database must already be migrated)."""
    settings.ensure_dirs()
    db = Database(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The dashboards' projection is computed in the background right after the start, so
        # the first page does not decode every record of the pemda on its reader's time.
        # A projection saved at the last shutdown is served at once when nothing changed since.
        folder = settings.data_dir / projection.SAVED_DIR
        projection.load_at_start(db, folder)
        stop = threading.Event()
        warming = threading.Thread(
            target=projection.warm_up,
            args=(db, folder, stop),
            name="projection-warm-up",
            daemon=True,
        )
        warming.start()
        try:
            yield
        finally:
            stop.set()
            warming.join()
            try:
                projection.save(db, folder)
            except Exception:  # noqa: BLE001 - a cache must never stop the server from stopping
                log.exception("the dashboards' projection could not be saved in %s", folder)
            db.dispose()

    app = FastAPI(
        title="Inovasi Desk server",
        version=API_VERSION,
        description=(
            "Server pusat Inovasi Desk: akun, sinkronisasi rekaman inovasi dan unggahan bukti "
            "dukung. Semua galat berbentuk application/problem+json (RFC 9457)."
        ),
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.limits = server_limits(settings)
    app.state.login_throttle = LoginThrottle(settings)
    passwords.configure_pool(settings.password_hash_workers, settings.password_hash_queue)
    install_problem_handlers(app)

    api = APIRouter(prefix=API_PREFIX)

    @api.get("/health", tags=["sinkronisasi"])
    def health() -> dict[str, str]:
        """Unauthenticated liveness check for load balancers."""
        return {"status": "ok", "server_time": datetime.now(UTC).isoformat()}

    api.include_router(api_auth.router)
    api.include_router(api_sync.router)
    api.include_router(api_admin.router)
    api.include_router(api_projection.router)
    api.include_router(api_workflow.router)
    uploads_router = build_upload_router(settings, create_blob_store(settings), current_principal)
    api.include_router(uploads_router)
    app.include_router(api)
    web.install(app)
    _problem_openapi(app)
    # Innermost of ours: the size limit and the security headers apply to the tus chunks too.
    app.add_middleware(PatchShortcut, prefix=f"{UPLOADS_PREFIX}/", serve=uploads_router.serve_patch)
    app.add_middleware(PullShortcut, path=f"{API_PREFIX}/sync/pull")
    app.add_middleware(BodySizeLimit, settings=settings)
    app.add_middleware(SecurityHeaders)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and multi-worker ``serve``: settings from the env."""
    return create_app(load_settings())
