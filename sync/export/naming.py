"""Names inside a package: folders per innovation and per form slot, evidence files in upload
order (``16-regulasi-inovasi-daerah/01-perbup-12-2024.pdf``).

Every name is lowercase ASCII with hyphens, short enough that a package copied a few folders
deep on Windows stays far below its 260-character path limit, and legal on FAT32 flash disks.
"""

from __future__ import annotations

import re
import unicodedata

from iid.records import EvidenceDocument
from iid.rules import RuleSet
from sync.local.inspect import EXTENSIONS, sanitize_file_name

MAX_SLUG = 40
PROFILE_PREFIX = "00"
"""Profile file fields (anggaran, profil bisnis, ...) come before the indicators in the national
form: their folders are ``00a-``, ``00b-`` ... in form order, so they sort before ``16-``."""

CHECKLIST_NAME = "00-daftar-isian.pdf"
PROFILE_NAME = "00-profil-inovasi.pdf"
LINKS_NAME = "tautan.txt"
VIDEO_LINKS_NAME = "tautan-video.txt"

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = MAX_SLUG, fallback: str = "tanpa-nama") -> str:
    """``"Perbup 12/2024 (salinan)"`` -> ``"perbup-12-2024-salinan"``: ASCII, cut at a word."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    words = [w for w in _NON_SLUG.split(ascii_text) if w]
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            if not out:
                out = word[:limit]
            break
        out = candidate
    return out or fallback


def innovation_folder(number: int, nama: str) -> str:
    """``001-sekolah-ramah-anak-digital``: the package's running number, then the name."""
    return f"{number:03d}-{slug(nama)}"


def slot_folder(rules: RuleSet, slot: str) -> str:
    """The folder of one form slot: ``16-regulasi-inovasi-daerah`` for an indicator,
    ``00a-anggaran`` for a profile file field (in form order), ``02a-...`` for an SPD row."""
    if slot in rules.indicators:
        return f"{slot}-{slug(rules.indicators[slot].name)}"
    files = [f for f in rules.profile_fields if f.kind == "file"]
    for position, spec in enumerate(files):
        if spec.name == slot:
            return f"{PROFILE_PREFIX}{_letter(position)}-{slug(spec.label)}"
    if slot in rules.spd_rows:
        digits = "".join(ch for ch in slot if ch.isdigit())
        rest = slot[len(digits) :]
        return f"{int(digits or 0):02d}{slug(rest, 4, '')}-{slug(rules.spd_rows[slot].name)}"
    return f"lain-{slug(slot)}"


def _letter(position: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[position] if position < len(letters) else f"z{position}"


def document_file(number: int, doc: EvidenceDocument) -> str:
    """``01-perbup-12-2024.pdf``: the upload order, then the officer's own file name (else the
    document's nomor or tentang), with the extension of its real media type."""
    original = doc.file_name or ""
    stem = original.rsplit(".", 1)[0] if "." in original else original
    label = slug(stem, fallback="") or slug(doc.nomor, fallback="") or slug(doc.tentang)
    ext = EXTENSIONS.get(doc.media_type or "", "")
    if not ext:
        safe = sanitize_file_name(original or "berkas")
        ext = ("." + safe.rsplit(".", 1)[1].lower()) if "." in safe else ".bin"
    return f"{number:02d}-{label}{ext}"


def links_file(rules: RuleSet, slot: str) -> str:
    """The text file that holds a slot's links (videos: ``tautan-video.txt``)."""
    spec = rules.profile_field(slot)
    is_video = (spec is not None and spec.evidence_kind == "V") or (
        slot in rules.indicators and rules.indicators[slot].evidence_kinds == ("V",)
    )
    return VIDEO_LINKS_NAME if is_video else LINKS_NAME


def package_name(pemda_code: str, year: int, stamp: str) -> str:
    """The default name of a package: ``paket-kirim-kab-contoh-2026-20261205-1430``."""
    return f"paket-kirim-{slug(pemda_code, 30, 'pemda')}-{year}-{stamp}"
