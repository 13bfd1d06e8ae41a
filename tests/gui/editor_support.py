"""Shared helpers for the editor, evidence, SPD and autosave GUI tests: real context, files."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import img2pdf
from PIL import Image, ImageDraw

from desktop.context import AppContext
from iid.records import Innovation


def make_pdf(path: Path, pages: int = 1, text: str = "SK Bupati") -> Path:
    """A small real PDF (pages rendered with Pillow, wrapped by img2pdf)."""
    images = []
    for number in range(pages):
        image = Image.new("L", (620, 877), 255)
        draw = ImageDraw.Draw(image)
        draw.text((60, 60), f"{text} - halaman {number + 1}", fill=0)
        draw.rectangle((50, 50, 570, 820), outline=0)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        images.append(buffer.getvalue())
    path.write_bytes(img2pdf.convert(images))
    return path


def make_png(path: Path, size: tuple[int, int] = (400, 300)) -> Path:
    image = Image.new("RGB", size, (230, 240, 250))
    ImageDraw.Draw(image).ellipse((20, 20, size[0] - 20, size[1] - 20), outline=(200, 0, 0))
    image.save(path, "PNG")
    return path


def make_noise_png(path: Path, side: int = 1600) -> Path:
    """An incompressible image of several MB: over any rule year's file size limit."""
    Image.effect_noise((side, side), 90).convert("RGB").save(path, "PNG")
    return path


# --- the one place that knows how the app's context and records are made -----------------


def open_context(data_dir: Path, *, inline: bool = True) -> Any:
    """A real AppContext on ``data_dir`` (real SQLite store and vault).

    ``inline=True`` runs the task lanes synchronously on the calling thread (deterministic
    tests); ``inline=False`` uses the real worker threads.
    """
    return AppContext.create(data_dir, inline_tasks=inline)


def new_innovation(context: Any, nama: str = "", rule_year: int = 2026) -> str:
    """A fresh draft innovation in the store; returns its id."""
    innovation: Innovation = context.repo.create_innovation(rule_year=rule_year, nama=nama)
    return innovation.id


def read_back(data_dir: Path, innovation_id: str) -> Innovation:
    """The innovation as a separate, fresh context reads it from SQLite (not the editor's copy)."""
    other = open_context(data_dir)
    try:
        innovation = other.repo.get_innovation(innovation_id)
        assert innovation is not None
        return innovation
    finally:
        other.close()


def integrity_ok(store_file: Path) -> bool:
    with sqlite3.connect(store_file) as con:
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def context_fixture(_private_data_dir: Path) -> Iterator[Any]:
    """Body of the ``context`` fixture each test module declares with
    ``context = pytest.fixture(context_fixture, name="context")``."""
    ctx = open_context(_private_data_dir)
    yield ctx
    ctx.close()
