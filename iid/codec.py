"""Records <-> JSON-safe dicts: the form in which the store keeps content and sync sends it.

Shape: every dataclass field under its own name; dates and datetimes as ISO strings, ``Decimal``
as a string, enums as their values; ``answers`` is an object keyed by indicator (or SPD row),
``documents`` a list. ``profile.extra`` holds JSON values as they are; a ``date`` or ``Decimal``
inside it is tagged (``{"$date": "2025-01-02"}``, ``{"$decimal": "1.5"}``, ``"$datetime"``) so
it comes back as the same type. ``x_from_dict(x_to_dict(r)) == r`` for every record.

Fields added after the first release (a document's ``jenis``, ``tahun``, ``names_innovation``,
``name_page``, ``readability``, ``prefilled``; an answer's ``quantity``, ``quantity_base``,
``basis``, ``checklist``) are written only when they differ from their default, so a record that
does not use them keeps the content it had (the same content is a duplicate, not a change).

Reading is tolerant: keys a newer version added are ignored (never an error), and missing
optional keys take the record's defaults (content without the device's machinery, such as
``sync_state``, reads fine). Values of the wrong type raise ``CodecError`` naming the key. An
innovation needs ``id`` and ``rule_year``; the server also reads ``opd_id`` from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    QcStatus,
    SpdAnswer,
    SpdProfile,
    SyncState,
    Verdict,
    WorkflowState,
)

_DATE_TAG = "$date"
_DECIMAL_TAG = "$decimal"
_DATETIME_TAG = "$datetime"
_E = TypeVar("_E", bound=StrEnum)
_PROFILE_TEXT = (
    "nama",
    "tahapan",
    "inisiator",
    "inisiator_nama",
    "jenis",
    "bentuk",
    "urusan_utama",
    "rancang_bangun",
    "tujuan",
    "manfaat",
    "hasil",
    "video_link",
)
_PROFILE_DATES = ("waktu_uji_coba", "waktu_penerapan", "waktu_pengembangan")


class CodecError(ValueError):
    """A dict cannot be read as a record: names the key and what is wrong with it."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        super().__init__(f"{where}: {problem}")


# --- writing ------------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _extra_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {_DATETIME_TAG: value.isoformat()}
    if isinstance(value, date):
        return {_DATE_TAG: value.isoformat()}
    if isinstance(value, Decimal):
        return {_DECIMAL_TAG: str(value)}
    if isinstance(value, Mapping):
        return {str(k): _extra_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_extra_value(v) for v in value]
    return value


def profile_to_dict(profile: InnovationProfile) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(profile, name) for name in _PROFILE_TEXT}
    data["urusan_lain"] = list(profile.urusan_lain)
    for name in _PROFILE_DATES:
        data[name] = _iso(getattr(profile, name))
    data["extra"] = {str(k): _extra_value(v) for k, v in profile.extra.items()}
    return data


def document_to_dict(doc: EvidenceDocument) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": doc.id,
        "slot": doc.slot,
        "nomor": doc.nomor,
        "tanggal": _iso(doc.tanggal),
        "tentang": doc.tentang,
        "sha256": doc.sha256,
        "link": doc.link,
        "file_name": doc.file_name,
        "media_type": doc.media_type,
        "size_bytes": doc.size_bytes,
        "duration_seconds": doc.duration_seconds,
        "page_count": doc.page_count,
        "position": doc.position,
    }
    optional: dict[str, Any] = {
        "jenis": doc.jenis,
        "tahun": doc.tahun,
        "names_innovation": doc.names_innovation,
        "name_page": doc.name_page,
        "readability": doc.readability,
        "prefilled": list(doc.prefilled),
    }
    data.update({k: v for k, v in optional.items() if v not in (None, "", [])})
    return data


def answer_to_dict(answer: IndicatorAnswer) -> dict[str, Any]:
    data: dict[str, Any] = {
        "indicator": answer.indicator,
        "claimed_level": answer.claimed_level,
        "verified_level": answer.verified_level,
        "verdict": answer.verdict.value,
        "verifier_note": answer.verifier_note,
    }
    optional: dict[str, Any] = {
        "quantity": None if answer.quantity is None else str(answer.quantity),
        "quantity_base": None if answer.quantity_base is None else str(answer.quantity_base),
        "basis": answer.basis,
        "checklist": list(answer.checklist),
    }
    data.update({k: v for k, v in optional.items() if v not in (None, "", [])})
    return data


def innovation_to_dict(innovation: Innovation) -> dict[str, Any]:
    """The whole innovation as a JSON-safe dict (see the module docstring for the shape)."""
    return {
        "id": innovation.id,
        "rule_year": innovation.rule_year,
        "opd_id": innovation.opd_id,
        "profile": profile_to_dict(innovation.profile),
        "answers": {key: answer_to_dict(a) for key, a in innovation.answers.items()},
        "documents": [document_to_dict(d) for d in innovation.documents],
        "workflow_state": innovation.workflow_state.value,
        "sync_state": innovation.sync_state.value,
        "qc_status": innovation.qc_status.value,
        "version": innovation.version,
        "base_version": innovation.base_version,
        "created_at": _iso(innovation.created_at),
        "updated_at": _iso(innovation.updated_at),
    }


def spd_profile_to_dict(profile: SpdProfile) -> dict[str, Any]:
    """The pemda's SPD profile as a JSON-safe dict (carries ``rule_year``)."""
    return {
        "pemda_id": profile.pemda_id,
        "rule_year": profile.rule_year,
        "answers": {
            key: {
                "row": a.row,
                "level": a.level,
                "raw_value": None if a.raw_value is None else str(a.raw_value),
                # Only when given: answers without raw values keep the content older
                # releases wrote (same hash, no change to send).
                **({"inputs": {str(k): str(v) for k, v in a.inputs.items()}} if a.inputs else {}),
            }
            for key, a in profile.answers.items()
        },
        "documents": [document_to_dict(d) for d in profile.documents],
        "version": profile.version,
        "base_version": profile.base_version,
    }


# --- reading ------------------------------------------------------------------------------------


class _Read:
    """Typed reads from a dict at a path; every problem is a ``CodecError``."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise CodecError(where, f"must be an object, not {type(data).__name__}")
        self.data = data
        self.where = where

    def at(self, key: str) -> str:
        return f"{self.where}.{key}"

    def fail(self, key: str, problem: str) -> CodecError:
        return CodecError(self.at(key), problem)

    def required(self, key: str) -> object:
        if self.data.get(key) is None:
            raise self.fail(key, "missing")
        return self.data[key]

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, not {value!r}")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.data.get(key)
        return None if value is None else self.text(key)

    def integer(self, key: str, default: int = 0) -> int:
        value = self.optional_integer(key)
        return default if value is None else value

    def optional_integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {value!r}")
        return value

    def optional_bool(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {value!r}")
        return value

    def optional_float(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, not {value!r}")
        return float(value)

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"must be a date like 2025-01-31, not {value!r}") from None

    def moment(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"must be an ISO date and time, not {value!r}") from None

    def decimal(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(key, f"must be a decimal number as text, not {value!r}")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(key, f"{value!r} is not a number") from None
        if not number.is_finite():
            raise self.fail(key, f"{value!r} is not a finite number")
        return number

    def choice(self, key: str, enum: type[_E], default: _E) -> _E:
        value = self.data.get(key)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise self.fail(key, f"{value!r} is not one of {allowed}") from None

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"must be a list of texts, not {value!r}")
        return list(value)

    def mapping(self, key: str) -> Mapping[str, object]:
        value = self.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.fail(key, f"must be an object, not {type(value).__name__}")
        return value

    def items(self, key: str) -> list[object]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {type(value).__name__}")
        return value


def _extra_from(value: Any, where: str) -> Any:
    if isinstance(value, Mapping):
        if set(value) == {_DATE_TAG}:
            return _Read(value, where).day(_DATE_TAG)
        if set(value) == {_DATETIME_TAG}:
            return _Read(value, where).moment(_DATETIME_TAG)
        if set(value) == {_DECIMAL_TAG}:
            return _Read(value, where).decimal(_DECIMAL_TAG)
        return {str(k): _extra_from(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_extra_from(v, f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def profile_from_dict(data: object, where: str = "profile") -> InnovationProfile:
    r = _Read(data, where)
    values: dict[str, Any] = {name: r.text(name) for name in _PROFILE_TEXT}
    values.update({name: r.day(name) for name in _PROFILE_DATES})
    extra = r.mapping("extra")
    return InnovationProfile(
        **values,
        urusan_lain=r.texts("urusan_lain"),
        extra={str(k): _extra_from(v, f"{where}.extra.{k}") for k, v in extra.items()},
    )


def document_from_dict(data: object, where: str = "document") -> EvidenceDocument:
    r = _Read(data, where)
    return EvidenceDocument(
        id=str(r.required("id")),
        slot=str(r.required("slot")),
        nomor=r.text("nomor"),
        tanggal=r.day("tanggal"),
        tentang=r.text("tentang"),
        sha256=r.optional_text("sha256"),
        link=r.optional_text("link"),
        file_name=r.optional_text("file_name"),
        media_type=r.optional_text("media_type"),
        size_bytes=r.optional_integer("size_bytes"),
        duration_seconds=r.optional_float("duration_seconds"),
        page_count=r.optional_integer("page_count"),
        position=r.integer("position"),
        jenis=r.text("jenis"),
        tahun=r.optional_integer("tahun"),
        names_innovation=r.optional_bool("names_innovation"),
        name_page=r.optional_integer("name_page"),
        readability=r.text("readability"),
        prefilled=tuple(r.texts("prefilled")),
    )


def _keyed(r: _Read, key: str, read: Callable[[str, _Read], Any]) -> dict[str, Any]:
    return {str(k): read(str(k), _Read(v, f"{r.at(key)}.{k}")) for k, v in r.mapping(key).items()}


def _answer(key: str, r: _Read) -> IndicatorAnswer:
    return IndicatorAnswer(
        indicator=r.text("indicator", key) or key,
        claimed_level=r.optional_integer("claimed_level"),
        verified_level=r.optional_integer("verified_level"),
        verdict=r.choice("verdict", Verdict, Verdict.PENDING),
        verifier_note=r.text("verifier_note"),
        quantity=r.decimal("quantity"),
        quantity_base=r.decimal("quantity_base"),
        basis=r.text("basis"),
        checklist=tuple(r.texts("checklist")),
    )


def _spd_answer(key: str, r: _Read) -> SpdAnswer:
    return SpdAnswer(
        row=r.text("row", key) or key,
        level=r.optional_integer("level"),
        raw_value=r.decimal("raw_value"),
        inputs=_decimals(r, "inputs"),
    )


def _decimals(r: _Read, key: str) -> dict[str, Decimal]:
    """A JSON object of decimal strings (an SPD answer's inputs)."""
    nested = _Read(dict(r.mapping(key)), r.at(key))
    return {str(name): value for name in nested.data
            if (value := nested.decimal(str(name))) is not None}  # fmt: skip


def _rule_year(r: _Read) -> int:
    year = r.required("rule_year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise r.fail("rule_year", f"must be a year (whole number), not {year!r}")
    return year


def innovation_from_dict(data: Mapping[str, Any]) -> Innovation:
    """An innovation from ``innovation_to_dict``'s form (or content without machinery).

    Unknown keys are ignored; a wrong value raises ``CodecError`` naming its key.
    """
    r = _Read(data, "innovation")
    return Innovation(
        id=str(r.required("id")),
        rule_year=_rule_year(r),
        opd_id=r.text("opd_id"),
        profile=profile_from_dict(r.mapping("profile"), r.at("profile")),
        answers=_keyed(r, "answers", _answer),
        documents=[
            document_from_dict(d, f"{r.at('documents')}[{i}]")
            for i, d in enumerate(r.items("documents"))
        ],
        workflow_state=r.choice("workflow_state", WorkflowState, WorkflowState.DRAFT),
        sync_state=r.choice("sync_state", SyncState, SyncState.LOCAL),
        qc_status=r.choice("qc_status", QcStatus, QcStatus.PENDING),
        version=r.integer("version"),
        base_version=r.integer("base_version"),
        created_at=r.moment("created_at"),
        updated_at=r.moment("updated_at"),
    )


def spd_profile_from_dict(data: Mapping[str, Any]) -> SpdProfile:
    """An SPD profile from ``spd_profile_to_dict``'s form (as tolerant as innovations)."""
    r = _Read(data, "spd_profile")
    return SpdProfile(
        pemda_id=r.text("pemda_id"),
        rule_year=_rule_year(r),
        answers=_keyed(r, "answers", _spd_answer),
        documents=[
            document_from_dict(d, f"{r.at('documents')}[{i}]")
            for i, d in enumerate(r.items("documents"))
        ],
        version=r.integer("version"),
        base_version=r.integer("base_version"),
    )
