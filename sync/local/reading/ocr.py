"""OCR behind one small interface, so the engine can change: ``OcrEngine.recognize(image)``.

The engine in use is Tesseract 5 with its Indonesian model through ``tesserocr`` (the C API in a
wheel: no separate program to install); the model file ``ind.traineddata`` ships with the app in
``resources/tessdata`` (1.1 MB). ``docs/architecture.md`` records why, with the measurements
(``bench/evidence_reading.py --engine``; the ONNX engine it was measured against lives in
``bench/rapidocr_engine.py`` and never ships). Nothing here is imported at start-up: the
reading lane imports it on first use.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

TESSDATA_ENV = "INOVASI_TESSDATA"
LANGUAGE = "ind"
PAGE_BUDGET_SECONDS = 15.0
"""How long Tesseract may spend recognising one page before it gives up (its own deadline,
wall-clock). A page of the corpus costs ~0.4 s of CPU (1.5-2.6 s wall on a loaded machine); a
page of pure noise cost ~50 s of CPU unbounded. A page over the budget is reported as not read
(``OcrText.complete`` False) and the reading lane moves on.

The deadline is wall-clock, but a page is judged by the CPU it got: when the deadline passes
while the reading thread had less than half of it on a core (a laptop busy with something
else), the page is tried again with twice the deadline, at most ``STARVED_RETRIES`` times, so
a busy machine does not make a plain page look unreadable (Tesseract here is single-threaded,
so the thread's CPU time is all of its work)."""
STARVED_RETRIES = 2


class OcrUnavailable(RuntimeError):
    """No OCR engine can run here (its library or model is missing); text layers still read."""


@dataclass(frozen=True)
class OcrLine:
    """One text line OCR found: its text, its box in the image (left, top, right, bottom) and
    the mean confidence of its words."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float


@dataclass(frozen=True)
class OcrText:
    """What OCR found on one page: its text (lines in reading order), the mean confidence of
    its words (0..100; 0 when it found none), and its lines with their boxes (empty when the
    engine does not give them)."""

    text: str
    confidence: float
    words: int
    lines: tuple[OcrLine, ...] = ()
    complete: bool = True
    """False when the engine gave up at its time budget: nothing of the page counts as read."""


UNREAD = OcrText(text="", confidence=0.0, words=0, complete=False)


class OcrEngine(Protocol):
    """Recognise the text of one page image (PIL, grayscale or RGB, upright or not), within the
    engine's time budget per page (over it: :data:`UNREAD`)."""

    name: str

    def recognize(self, image: Any) -> OcrText: ...

    def recognize_line(self, image: Any) -> OcrText:
        """The text of a small image holding one line (a crop of a page)."""
        ...


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

    def __init__(
        self,
        language: str = LANGUAGE,
        tessdata: Path | None = None,
        page_budget_seconds: float = PAGE_BUDGET_SECONDS,
    ) -> None:
        try:
            import tesserocr
        except ImportError as exc:  # pragma: no cover - a broken installation
            raise OcrUnavailable(f"tesserocr cannot be imported: {exc}") from exc
        self._tesserocr = tesserocr
        self._path = str(tessdata or find_tessdata(language))
        self._language = language
        self._local = threading.local()
        self.version = tesserocr.tesseract_version().split()[1]
        self.budget_ms = max(1, int(page_budget_seconds * 1000))

    def _api(self, psm_name: str = "SINGLE_BLOCK") -> Any:
        api = getattr(self._local, psm_name, None)
        if api is None:
            tesserocr = self._tesserocr
            api = tesserocr.PyTessBaseAPI(
                path=self._path,
                lang=self._language,
                # A page is one uniform block: the automatic layout analysis drops whole
                # paragraphs of noisy scans (measured on bench/evidence_corpus.py), one block
                # reads them all. A crop of one line is read as a single line.
                psm=getattr(tesserocr.PSM, psm_name),
                oem=tesserocr.OEM.LSTM_ONLY,
            )
            setattr(self._local, psm_name, api)
        return api

    def recognize(self, image: Any) -> OcrText:
        api = self._api()
        api.SetImage(image)
        try:
            if not self._recognize(api):
                return UNREAD
            text = api.GetUTF8Text()
            confidences = [c for c in api.AllWordConfidences() if c >= 0]
            lines = self._lines(api)
        finally:
            api.Clear()
        mean = sum(confidences) / len(confidences) if confidences else 0.0
        return OcrText(text=text, confidence=mean, words=len(confidences), lines=lines)

    def recognize_line(self, image: Any) -> OcrText:
        api = self._api("SINGLE_LINE")
        api.SetImage(image)
        try:
            if not self._recognize(api):
                return UNREAD
            text = api.GetUTF8Text().strip()
            confidences = [c for c in api.AllWordConfidences() if c >= 0]
        finally:
            api.Clear()
        mean = sum(confidences) / len(confidences) if confidences else 0.0
        return OcrText(text=text, confidence=mean, words=len(confidences))

    def _recognize(self, api: Any) -> bool:
        """Recognise the image set on ``api`` within the page budget; False when the page itself
        used the budget up (or the machine stayed too busy through every retry)."""
        deadline_ms = self.budget_ms
        for attempt in range(STARVED_RETRIES + 1):
            cpu_start = time.thread_time()
            # Tesseract's own deadline: recognition stops at it and reports failure (what it
            # found so far is partial and is not used).
            if api.Recognize(timeout=deadline_ms):
                return True
            cpu_ms = (time.thread_time() - cpu_start) * 1000
            if cpu_ms >= deadline_ms / 2 or attempt == STARVED_RETRIES:
                return False
            deadline_ms *= 2  # starved, not slow: the page gets its CPU on a longer deadline
        return False  # pragma: no cover - the loop returns

    def _lines(self, api: Any) -> tuple[OcrLine, ...]:
        """The recognised lines with their boxes (after ``GetUTF8Text``: no second pass)."""
        level = self._tesserocr.RIL.TEXTLINE
        iterator = api.GetIterator()
        lines: list[OcrLine] = []
        if iterator is None:
            return ()
        for item in self._tesserocr.iterate_level(iterator, level):
            try:
                text = (item.GetUTF8Text(level) or "").strip()
            except RuntimeError:  # tesserocr's "No text returned": an empty block (blank page)
                continue
            box = item.BoundingBox(level)
            if text and box:
                left, top, right, bottom = box
                lines.append(OcrLine(text, (left, top, right, bottom), item.Confidence(level)))
        return tuple(lines)


_DEFAULT: OcrEngine | None = None
_DEFAULT_LOCK = threading.Lock()


def default_engine() -> OcrEngine:
    """The app's OCR engine (built once). Raises ``OcrUnavailable``."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = TesseractEngine()
        return _DEFAULT
