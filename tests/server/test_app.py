"""How the app is assembled: the uploads router of the tus part is plugged in when present."""

from __future__ import annotations

import importlib.machinery
import types
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter

from sync.server.app import create_app
from sync.server.auth import current_principal
from sync.server.config import Settings


def _module(name: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    for key, value in attrs.items():
        setattr(module, key, value)
    return module


def test_upload_router_is_built_with_settings_store_and_principal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    store = object()

    def create_blob_store(settings: Settings) -> object:
        seen["store_settings"] = settings
        return store

    def build_upload_router(settings: Settings, blob_store: object, principal: Any) -> APIRouter:
        seen.update(settings=settings, store=blob_store, principal=principal)
        router = APIRouter()

        @router.get("/uploads/ping")
        def ping() -> dict[str, str]:
            return {"ok": "yes"}

        return router

    monkeypatch.setitem(
        __import__("sys").modules,
        "sync.server.blobstore",
        _module("sync.server.blobstore", create_blob_store=create_blob_store),
    )
    monkeypatch.setitem(
        __import__("sys").modules,
        "sync.server.uploads",
        _module("sync.server.uploads", build_upload_router=build_upload_router),
    )
    settings = Settings(data_dir=tmp_path)
    app = create_app(settings)
    assert seen["settings"] is settings and seen["store_settings"] is settings
    assert seen["store"] is store
    assert seen["principal"] is current_principal
    assert "/api/v1/uploads/ping" in app.openapi()["paths"]
