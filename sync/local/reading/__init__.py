"""Reading evidence documents offline (text layer, OCR otherwise) and what they say.

``read_document`` / ``read_path`` (``reader``), the OCR interface (``ocr.OcrEngine``), the
parsing of page texts (``parse``) and the cache by blob hash with the prefill of a document's
metadata (``service``). Import the submodules; nothing heavy is imported here.
"""
