"""``inovasi-desk --read-evidence FILE... [--innovation-name NAME]``: one JSON object per file.

Each line: ``file``, ``jenis`` (a ``JenisDokumen`` code, "" when not recognised), ``nomor``,
``tanggal`` (ISO date or null), ``tahun``, ``tentang``, ``source`` (``text`` or ``ocr``),
``pages``, ``readability``, ``seconds``; with ``--innovation-name`` also ``names_innovation``
and ``name_page``. A file that cannot be read gives ``{"file", "error", "message"}`` with a
stable error code (``not_found``, ``unreadable``, ``ocr_unavailable``). Exit status: 0 when
every file was read, 1 when one was not. Headless: no Qt, no data folder.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO


def read_one(path: Path, innovation_name: str = "") -> dict[str, Any]:
    from sync.local.reading.ocr import OcrUnavailable
    from sync.local.reading.reader import ReadError, read_path

    result: dict[str, Any] = {"file": str(path)}
    try:
        reading = read_path(path)
    except FileNotFoundError:
        return {**result, "error": "not_found", "message": "the file does not exist"}
    except (ReadError, OSError) as exc:
        return {**result, "error": "unreadable", "message": str(exc)}
    except OcrUnavailable as exc:
        return {**result, "error": "ocr_unavailable", "message": str(exc)}
    result.update(
        jenis=reading.jenis,
        nomor=reading.nomor,
        tanggal=reading.tanggal.isoformat() if reading.tanggal else None,
        tahun=reading.year,
        tentang=reading.tentang,
        source=reading.source,
        pages=reading.page_count,
        readability=reading.readability,
        seconds=reading.seconds,
    )
    if innovation_name:
        page = reading.name_page(innovation_name)
        result.update(names_innovation=page is not None, name_page=page)
    return result


def run(files: Sequence[Path], innovation_name: str = "", out: TextIO | None = None) -> int:
    out = out or sys.stdout
    status = 0
    for path in files:
        result = read_one(path, innovation_name)
        status = 1 if "error" in result else status
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return status
