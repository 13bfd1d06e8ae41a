"""Checks of an innovation or an SPD profile against its rule year: findings that say what to do.

Pure functions over ``iid.records`` and ``iid.rules``; the editor runs them on every change.
Each ``Finding`` has a stable code, a severity (an error blocks submitting) and a target: the
profile field name, the SID indicator key or the SPD row key it concerns (evidence findings
target the slot the document sits in), so the editor can show it next to that field.

Codes: ``profile.development_before_implementation``, ``profile.required``,
``profile.not_in_choices`` (warning), ``profile.bad_link`` (warning),
``profile.rancang_bangun_short``, ``profile.no_date``, ``profile.outside_window``,
``profile.date_order`` (warning), ``indicator.mandatory``, ``indicator.no_evidence``,
``evidence.empty``, ``evidence.wrong_type``, ``evidence.too_large``, ``evidence.video_too_long``,
``evidence.bad_link`` (warning), ``evidence.missing_metadata`` (warning), ``spd.rules_unknown``
(warning), ``spd.mandatory``, ``spd.no_evidence``, ``spd.number_missing`` (warning); and those of
``iid.proof`` (whether the evidence and the measure prove the claimed level).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from iid.findings import Finding, Severity
from iid.proof import check_proof, evidence_required, is_p_slot
from iid.records import EvidenceDocument, Innovation, InnovationProfile, SpdProfile
from iid.rules import EligibilityWindow, ProfileField, RuleSet
from iid.scoring import spd_answer_level

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_LINK = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)
_VIDEO_PREFIX = "video/"
MEDIA_TYPE_LABELS = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "video/mp4": "MP4",
    "video/quicktime": "MOV",
}
"""Short names of the evidence media types, as officers know them (file extensions)."""


def word_count(text: str) -> int:
    """Words in a (rich) text: markup is ignored, "anak-anak" is one word, numbers count."""
    plain = html.unescape(_TAG.sub(" ", text or ""))
    return len(_WORD.findall(plain))


def _error(code: str, target: str, message_id: str, message_en: str) -> Finding:
    return Finding(code, Severity.ERROR, target, message_id, message_en)


def _warning(code: str, target: str, message_id: str, message_en: str) -> Finding:
    return Finding(code, Severity.WARNING, target, message_id, message_en)


def _day(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def _types(media_types: Iterable[str]) -> str:
    order = list(MEDIA_TYPE_LABELS)
    ordered = sorted(media_types, key=lambda t: order.index(t) if t in order else len(order))
    return ", ".join(MEDIA_TYPE_LABELS.get(t, t) for t in ordered)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# --- innovation ----------------------------------------------------------------------------------


def check_innovation(
    innovation: Innovation,
    rules: RuleSet,
    shared: Mapping[str, Sequence[str]] | None = None,
) -> list[Finding]:
    """Every finding on an innovation under its rule year, in form order: profile fields,
    then indicators, then evidence documents, then whether the evidence proves the claimed
    levels (``iid.proof``). ``shared`` maps a file's sha256 to the names of other innovations
    using the same file (the local store or the server knows them; omitted: not checked)."""
    findings = _check_profile(innovation, rules)
    findings += _check_indicators(innovation, rules)
    findings += check_documents(innovation.documents, rules)
    findings += check_proof(innovation, rules, shared)
    return findings


def _value(profile: InnovationProfile, spec: ProfileField) -> object:
    return spec.value_in(profile)


def _filled(value: object) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict | set):
        return bool(value)
    return True


def _check_profile(innovation: Innovation, rules: RuleSet) -> list[Finding]:
    profile = innovation.profile
    findings: list[Finding] = []
    for spec in rules.profile_fields:
        if spec.kind == "file":
            if spec.required and not innovation.documents_for(spec.name):
                findings.append(
                    _error(
                        "profile.required",
                        spec.name,
                        f"{spec.label} wajib dilampirkan. Tambahkan berkasnya "
                        f"({rules.evidence_kinds[spec.evidence_kind].label}).",
                        f"{spec.label} is required. Attach the file "
                        f"({_types(rules.accepted_media_types(spec.name))}).",
                    )
                )
            continue
        value = _value(profile, spec)
        if not _filled(value):
            if spec.required:
                findings.append(
                    _error(
                        "profile.required",
                        spec.name,
                        f"{spec.label} wajib diisi. Lengkapi isian ini sebelum diajukan.",
                        f"{spec.label} is required. Fill it in before submitting.",
                    )
                )
            continue
        findings += _check_value(spec, value, rules)
    findings += _check_dates(profile, rules)
    return findings


def _check_value(spec: ProfileField, value: object, rules: RuleSet) -> list[Finding]:
    findings: list[Finding] = []
    if spec.kind in ("enum", "multi_enum"):
        chosen = value if isinstance(value, list | tuple) else [value]
        stray = [str(v) for v in chosen if v not in spec.choices]
        if stray:
            findings.append(
                _warning(
                    "profile.not_in_choices",
                    spec.name,
                    f'{spec.label}: "{", ".join(stray)}" tidak ada dalam daftar tahun '
                    f"{rules.year}. Pilih salah satu pilihan yang tersedia.",
                    f'{spec.label}: "{", ".join(stray)}" is not in the {rules.year} list. '
                    "Choose one of the listed options.",
                )
            )
    elif spec.kind == "link" and not _LINK.match(str(value).strip()):
        findings.append(
            _warning(
                "profile.bad_link",
                spec.name,
                f"{spec.label} bukan tautan yang sah. Salin alamat lengkap yang diawali "
                "https:// (misalnya dari YouTube atau Google Drive).",
                f"{spec.label} is not a valid link. Copy the full address starting with "
                "https:// (e.g. from YouTube or Google Drive).",
            )
        )
    elif spec.name == "rancang_bangun":
        words = word_count(str(value))
        minimum = rules.min_rancang_bangun_words
        if words < minimum:
            findings.append(
                _error(
                    "profile.rancang_bangun_short",
                    spec.name,
                    f"Rancang bangun baru {words} kata; paling sedikit {minimum} kata. "
                    f"Tambahkan {minimum - words} kata lagi, misalnya latar belakang, metode dan "
                    "tahapan inovasi.",
                    f"The rancang bangun has {words} words; at least {minimum} are required. "
                    f"Add {minimum - words} more, e.g. background, method and stages.",
                )
            )
    return findings


ELIGIBILITY_CODES = frozenset({"profile.no_date", "profile.outside_window"})
"""Findings that mean the innovation would not be assessed this year (not merely incomplete)."""


def eligibility_findings(profile: InnovationProfile, rules: RuleSet) -> list[Finding]:
    """Why an innovation with this profile would not be assessed in the rule year (its dates
    against the eligibility window); empty when it would be, or when the window is unknown.
    The projected index (``iid.projection``) counts only innovations without such findings."""
    return [f for f in _check_dates(profile, rules) if f.code in ELIGIBILITY_CODES]


def _check_dates(profile: InnovationProfile, rules: RuleSet) -> list[Finding]:
    findings: list[Finding] = []
    uji, penerapan = profile.waktu_uji_coba, profile.waktu_penerapan
    if uji is not None and penerapan is not None and uji > penerapan:
        findings.append(
            _warning(
                "profile.date_order",
                "waktu_uji_coba",
                f"Waktu uji coba ({_day(uji)}) sesudah waktu penerapan ({_day(penerapan)}). "
                "Periksa kembali kedua tanggal itu.",
                f"The trial date ({_day(uji)}) is after the implementation date "
                f"({_day(penerapan)}). Check both dates.",
            )
        )
    has_development = rules.profile_field("waktu_pengembangan") is not None
    pengembangan = profile.waktu_pengembangan if has_development else None
    if penerapan is not None and pengembangan is not None and pengembangan < penerapan:
        findings.append(
            _error(
                "profile.development_before_implementation",
                "waktu_pengembangan",
                f"Waktu pengembangan ({_day(pengembangan)}) sebelum waktu penerapan "
                f"({_day(penerapan)}): inovasi hanya dapat dikembangkan setelah diterapkan. "
                "Periksa kedua tanggal itu.",
                f"The development date ({_day(pengembangan)}) is before the implementation "
                f"date ({_day(penerapan)}): an innovation can only be developed after it is "
                "implemented. Check both dates.",
            )
        )
        pengembangan = None  # it cannot make the innovation eligible
    window = rules.eligibility
    if window is None:  # the year's window is unknown (rules.unknown): nothing to check against
        return findings
    stage_dates = [n for n in window.dates_for(profile.tahapan)
                   if has_development or n != "waktu_pengembangan"]  # fmt: skip
    if not stage_dates:  # e.g. Inisiatif: the rule year demands no stage date
        return findings
    if "waktu_penerapan" not in stage_dates:
        return findings + _check_stage_date(profile, rules, window, stage_dates)
    dates = [d for d in (penerapan, pengembangan) if d is not None]
    if any(window.contains(d) for d in dates):
        return findings
    start, end = _day(window.start), _day(window.end)
    alternative_id = (
        " atau, bila inovasi dikembangkan dalam rentang itu, isi waktu pengembangan"
        if has_development
        else ""
    )
    alternative_en = (
        ", or, if it was developed inside that window, enter the development date"
        if has_development
        else ""
    )
    if not dates:
        findings.append(
            _error(
                "profile.no_date",
                "waktu_penerapan",
                f"Waktu penerapan belum diisi. Inovasi dinilai bila diterapkan antara {start} "
                f"dan {end}: isi waktu penerapannya{alternative_id}.",
                f"The implementation date is empty. An innovation is assessed if implemented "
                f"between {start} and {end}: enter its date{alternative_en}.",
            )
        )
        return findings
    target = "waktu_penerapan" if penerapan is not None else "waktu_pengembangan"
    shown = _day(penerapan if penerapan is not None else dates[0])
    findings.append(
        _error(
            "profile.outside_window",
            target,
            f"Tanggal {shown} di luar rentang penilaian {rules.year} ({start} s.d. {end}); "
            f"inovasi ini tidak akan dinilai. Periksa tanggalnya{alternative_id}.",
            f"The date {shown} is outside the {rules.year} assessment window ({start} to "
            f"{end}); this innovation would not be assessed. Check the date{alternative_en}.",
        )
    )
    return findings


def _check_stage_date(
    profile: InnovationProfile, rules: RuleSet, window: EligibilityWindow, names: list[str]
) -> list[Finding]:
    """An innovation at a stage judged by other dates than penerapan (Uji Coba: its trial date)
    is judged by those, and not blocked for lacking a penerapan date."""
    if any((day := getattr(profile, n)) is not None and window.contains(day) for n in names):
        return []
    spec = rules.profile_field(names[0])
    label = spec.label if spec is not None else names[0]
    start, end = _day(window.start), _day(window.end)
    shown = next((getattr(profile, n) for n in names if getattr(profile, n) is not None), None)
    if shown is None:
        return [
            _error(
                "profile.no_date",
                names[0],
                f"{label} belum diisi. Inovasi pada tahap {profile.tahapan} dinilai dari "
                f"tanggal itu, yang harus berada antara {start} dan {end}.",
                f"{label} is empty. An innovation at the {profile.tahapan} stage is judged by "
                f"that date, which must be between {start} and {end}.",
            )
        ]
    return [
        _error(
            "profile.outside_window",
            names[0],
            f"{label} {_day(shown)} di luar rentang penilaian {rules.year} ({start} s.d. {end}); "
            "inovasi ini tidak akan dinilai. Periksa tanggalnya.",
            f"{label} {_day(shown)} is outside the {rules.year} assessment window ({start} to "
            f"{end}); this innovation would not be assessed. Check the date.",
        )
    ]


def _check_indicators(innovation: Innovation, rules: RuleSet) -> list[Finding]:
    findings: list[Finding] = []
    levels = innovation.claimed_levels()
    for key, indicator in rules.indicators.items():
        title = f"{key}. {indicator.name}"
        if not levels.get(key):
            if indicator.mandatory:
                findings.append(
                    _error(
                        "indicator.mandatory",
                        key,
                        f"Indikator {title} wajib diisi. Pilih levelnya dan lampirkan bukti "
                        "dukungnya.",
                        f"Indicator {title} is mandatory. Choose its level and attach the "
                        "evidence.",
                    )
                )
            continue
        if not innovation.documents_for(key) and evidence_required(
            indicator, innovation.answers.get(key), levels[key]
        ):
            findings.append(
                _error(
                    "indicator.no_evidence",
                    key,
                    f"Indikator {title} sudah dipilih levelnya tetapi belum ada bukti dukung. "
                    f"Lampirkan: {indicator.guidance}",
                    f"Indicator {title} has a level but no evidence. Attach the documents that "
                    f"prove the level ({_types(indicator.accepted_types)}).",
                )
            )
    return findings


# --- evidence documents -------------------------------------------------------------------------


def check_documents(documents: Sequence[EvidenceDocument], rules: RuleSet) -> list[Finding]:
    """Findings on evidence documents: type accepted by their slot, size, video length, link,
    metadata. Documents in slots the rule year does not have are left alone."""
    findings: list[Finding] = []
    for doc in documents:
        try:
            accepted = rules.accepted_media_types(doc.slot)
        except KeyError:
            continue
        findings += _check_document(doc, accepted, rules)
    return findings


def _check_document(
    doc: EvidenceDocument, accepted: frozenset[str], rules: RuleSet
) -> list[Finding]:
    name = doc.file_name or doc.link or doc.tentang or doc.id
    slot = doc.slot
    if doc.sha256 is None and not (doc.link or "").strip():
        return [
            _error(
                "evidence.empty",
                slot,
                f'Bukti "{name}" tidak berisi berkas maupun tautan. Lampirkan berkasnya atau '
                "isi tautannya, atau hapus bukti ini.",
                f'Evidence "{name}" has neither a file nor a link. Attach the file or enter '
                "the link, or remove it.",
            )
        ]
    findings: list[Finding] = []
    if doc.sha256 is None:
        if not _LINK.match((doc.link or "").strip()):
            findings.append(
                _warning(
                    "evidence.bad_link",
                    slot,
                    f'Tautan "{doc.link}" tidak sah. Salin alamat lengkap yang diawali https://.',
                    f'The link "{doc.link}" is not valid. Copy the full address starting with '
                    "https://.",
                )
            )
    else:
        media = doc.media_type or ""
        if media not in accepted:
            findings.append(
                _error(
                    "evidence.wrong_type",
                    slot,
                    f'Berkas "{name}" ({_types([media]) or "jenis tidak dikenal"}) tidak '
                    f"diterima di sini. Yang diterima: {_types(accepted)}. Simpan ulang "
                    "dokumennya sebagai salah satu jenis itu, lalu lampirkan lagi.",
                    f'The file "{name}" ({_types([media]) or "unknown type"}) is not accepted '
                    f"here. Accepted: {_types(accepted)}. Save the document as one of those and "
                    "attach it again.",
                )
            )
        if media.startswith(_VIDEO_PREFIX):
            duration = doc.duration_seconds
            limit = rules.max_video_seconds
            if duration is not None and duration > limit:
                findings.append(
                    _error(
                        "evidence.video_too_long",
                        slot,
                        f'Video "{name}" berdurasi {duration / 60:.1f} menit, lebih dari '
                        f"{limit // 60} menit. Potong videonya, atau unggah ke YouTube / Google "
                        "Drive dan isi tautannya.",
                        f'The video "{name}" runs {duration / 60:.1f} minutes, over the '
                        f"{limit // 60} minute limit. Cut it, or upload it to YouTube / Google "
                        "Drive and enter the link.",
                    )
                )
        elif doc.size_bytes is not None and doc.size_bytes > rules.max_file_bytes:
            limit_mb = _megabytes(rules.max_file_bytes)
            findings.append(
                _error(
                    "evidence.too_large",
                    slot,
                    f'Berkas "{name}" berukuran {_megabytes(doc.size_bytes)}, lebih dari '
                    f'{limit_mb}. Gunakan "Perkecil berkas", lalu lampirkan salinannya.',
                    f'The file "{name}" is {_megabytes(doc.size_bytes)}, over the {limit_mb} '
                    'limit. Use "Shrink file", then attach the copy.',
                )
            )
    if (
        not doc.tentang.strip()
        # nomor and tanggal of a PDF-only indicator's document are an error (iid.proof)
        or (media_is_document(doc) and not is_p_slot(rules, slot) and not doc.nomor.strip())
        or (media_is_document(doc) and not is_p_slot(rules, slot) and doc.tanggal is None)
    ):
        findings.append(
            _warning(
                "evidence.missing_metadata",
                slot,
                f'Lengkapi keterangan bukti "{name}": nomor dokumen, tanggal dan '
                "tentang/judul, agar verifikator dapat mencocokkannya.",
                f'Complete the details of evidence "{name}": document number, date and '
                "title, so the verifier can match it.",
            )
        )
    return findings


def media_is_document(doc: EvidenceDocument) -> bool:
    """A PDF is a formal document that carries a number and a date (photos and videos do not)."""
    return doc.media_type == "application/pdf"


# --- SPD profile ---------------------------------------------------------------------------------


def check_spd(profile: SpdProfile, rules: RuleSet) -> list[Finding]:
    """Findings on the pemda's SPD answers and their evidence, in row order."""
    if not rules.is_known("spd_rows"):
        return [
            _warning(
                "spd.rules_unknown",
                "spd",
                f"Baris SPD tahun {rules.year} tidak diketahui, sehingga tidak dapat diperiksa "
                "atau dinilai. Pilih tahun aturan lain.",
                f"The SPD rows of {rules.year} are not known, so they cannot be checked or "
                "scored. Choose another rule year.",
            )
        ]
    findings: list[Finding] = []
    slots = {doc.slot for doc in profile.documents}
    for key, row in rules.spd_rows.items():
        answer = profile.answers.get(key)
        title = f"{key}. {row.name}"
        level = spd_answer_level(row, answer)
        if row.numeric and answer is not None and answer.raw_value is None and answer.level:
            findings.append(
                _warning(
                    "spd.number_missing",
                    key,
                    f"Isikan angka untuk {title}; levelnya dihitung dari angka itu.",
                    f"Enter the number for {title}; its level is computed from it.",
                )
            )
        if not level:
            if row.mandatory:
                findings.append(
                    _error(
                        "spd.mandatory",
                        key,
                        f"Baris SPD {title} wajib diisi. "
                        + ("Isikan angkanya." if row.numeric else "Pilih levelnya.")
                        + " Lampirkan juga bukti dukungnya.",
                        f"SPD row {title} is mandatory. "
                        + ("Enter its number." if row.numeric else "Choose its level.")
                        + " Attach its evidence too.",
                    )
                )
            continue
        if key not in slots:
            findings.append(
                _error(
                    "spd.no_evidence",
                    key,
                    f"Baris SPD {title} sudah diisi tetapi belum ada bukti dukung. Lampirkan: "
                    f"{row.guidance}",
                    f"SPD row {title} is answered but has no evidence. Attach the documents "
                    f"that prove it ({_types(row.accepted_types)}).",
                )
            )
    findings += check_documents(profile.documents, rules)
    return findings
