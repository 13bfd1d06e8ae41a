"""The ONNX OCR engine Tesseract was measured against (``bench/evidence_reading.py --engine
rapidocr``): PP-OCR models on ONNX Runtime (``rapidocr_onnxruntime``, with numpy). It lives in
``bench/`` so that neither it nor numpy is ever collected into the desktop bundle; see
docs/architecture.md for the comparison."""

from __future__ import annotations

from typing import Any

from sync.local.reading.ocr import OcrText, OcrUnavailable


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

    def recognize_line(self, image: Any) -> OcrText:
        return self.recognize(image)
