"""OCR behind one small interface, so the engine can change: ``OcrEngine.recognize(image)``.

The engine in use is Tesseract 5 with its Indonesian model through ``tesserocr`` (the C API in a
wheel: no separate program to install); the model file ``ind.traineddata`` ships with the app in
``resources/tessdata`` (1.1 MB). ``docs/architecture.md`` records why, with the measurements
(``bench/evidence_reading.py --engine``). ``RapidOcrEngine`` (ONNX) is kept for that comparison.
Nothing here is imported at start-up: the reading lane imports it on first use.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

TESSDATA_ENV = "INOVASI_TESSDATA"
LANGUAGE = "ind"


class OcrUnavailable(RuntimeError):
    """No OCR engine can run here (its library or model is missing); text layers still read."""


@dataclass(frozen=True)
class OcrText:
    """What OCR found on one page: its text (lines in reading order) and the mean confidence of
    its words (0..100; 0 when it found none)."""

    text: str
    confidence: float
    words: int


class OcrEngine(Protocol):
    """Recognise the text of one page image (PIL, grayscale or RGB, upright or not)."""

    name: str

    def recognize(self, image: Any) -> OcrText: ...


def tessdata_dirs() -> list[Path]:
    """Where the Tesseract models are looked for: ``INOVASI_TESSDATA``, the app's own
    ``resources/tessdata`` (beside the code, or inside the PyInstaller bundle), the system's."""
    here = Path(__file__).resolve()
    candidates = [Path(p) for p in os.environ.get(TESSDATA_ENV, "").split(os.pathsep) if p]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources" / "tessdata")
    candidates.append(here.parents[3] / "resources" / "tessdata")
    candidates += [
        Path("/usr/share/tesseract-ocr/5/tessdata"),
        Path("/usr/share/tesseract-ocr/4.00/tessdata"),
        Path("/usr/share/tessdata"),
    ]
    return candidates


def find_tessdata(language: str = LANGUAGE) -> Path:
    for directory in tessdata_dirs():
        if (directory / f"{language}.traineddata").is_file():
            return directory
    searched = ", ".join(str(d) for d in tessdata_dirs())
    raise OcrUnavailable(f"no {language}.traineddata (searched {searched})")


class TesseractEngine:
    """Tesseract (LSTM) with the Indonesian model, one API handle per thread (tesserocr handles
    are not shared between threads)."""

    name = "tesseract"

    def __init__(self, language: str = LANGUAGE, tessdata: Path | None = None) -> None:
        try:
            import tesserocr
        except ImportError as exc:  # pragma: no cover - a broken installation
            raise OcrUnavailable(f"tesserocr cannot be imported: {exc}") from exc
        self._tesserocr = tesserocr
        self._path = str(tessdata or find_tessdata(language))
        self._language = language
        self._local = threading.local()
        self.version = tesserocr.tesseract_version().split()[1]

    def _api(self) -> Any:
        api = getattr(self._local, "api", None)
        if api is None:
            tesserocr = self._tesserocr
            api = tesserocr.PyTessBaseAPI(
                path=self._path,
                lang=self._language,
                # One uniform block: the automatic layout analysis drops whole paragraphs of
                # noisy scans (measured on bench/evidence_corpus.py), one block reads them all.
                psm=tesserocr.PSM.SINGLE_BLOCK,
                oem=tesserocr.OEM.LSTM_ONLY,
            )
            self._local.api = api
        return api

    def recognize(self, image: Any) -> OcrText:
        api = self._api()
        api.SetImage(image)
        text = api.GetUTF8Text()
        confidences = [c for c in api.AllWordConfidences() if c >= 0]
        api.Clear()
        mean = sum(confidences) / len(confidences) if confidences else 0.0
        return OcrText(text=text, confidence=mean, words=len(confidences))


class RapidOcrEngine:
    """PP-OCR models on ONNX Runtime (``rapidocr_onnxruntime``): measured against Tesseract,
    not shipped (see docs/architecture.md)."""

    name = "rapidocr"

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise OcrUnavailable(f"rapidocr_onnxruntime cannot be imported: {exc}") from exc
        self._engine = RapidOCR()

    def recognize(self, image: Any) -> OcrText:
        import numpy

        result, _ = self._engine(numpy.asarray(image.convert("RGB")))
        if not result:
            return OcrText("", 0.0, 0)
        # Boxes come top to bottom; group those on one line (close top edges) left to right.
        boxes = sorted(result, key=lambda r: (r[0][0][1], r[0][0][0]))
        lines: list[list[tuple[float, str]]] = []
        last_top = None
        for box, text, _score in boxes:
            top = box[0][1]
            height = abs(box[3][1] - box[0][1]) or 10
            if last_top is None or abs(top - last_top) > height * 0.6:
                lines.append([])
                last_top = top
            lines[-1].append((box[0][0], text))
        text = "\n".join(" ".join(t for _, t in sorted(line)) for line in lines)
        scores = [float(r[2]) * 100 for r in result]
        return OcrText(text=text, confidence=sum(scores) / len(scores), words=len(scores))


_DEFAULT: OcrEngine | None = None
_DEFAULT_LOCK = threading.Lock()


def default_engine() -> OcrEngine:
    """The app's OCR engine (built once). Raises ``OcrUnavailable``."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = TesseractEngine()
        return _DEFAULT
