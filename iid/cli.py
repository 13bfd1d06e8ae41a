"""``python -m iid score FILE.json``: score a pemda's SPD and innovations with a year's rules.

For coordinators who script, and for checking the engine against other implementations.
Input and output are described in docs/scoring-cli.md. Bad input exits with status 2 and a
message naming the problem (Indonesian, or English with ``--lang en``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from iid import scoring
from iid.codec import CodecError, innovation_from_dict, spd_profile_from_dict
from iid.records import SpdAnswer
from iid.rules import RuleSet, RuleSetError, RuleUnknownError, load_rules

EXIT_BAD_INPUT = 2
_CENT = Decimal("0.01")
_STATUS_ID = {"official": "resmi", "historical": "historis", "prognosis": "prognosis"}


class InputError(Exception):
    """Bad input, with the message in both languages."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_id


def _two(value: Decimal) -> str:
    """A decimal string rounded half-up to 2 places."""
    return str(value.quantize(_CENT, rounding=ROUND_HALF_UP))


# --- reading the input ---------------------------------------------------------------------------


def _read_json(path: str, stdin: IO[str]) -> Any:
    try:
        if path == "-":
            text = stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            f"Berkas {path} tidak dapat dibaca: {reason}.", f"Cannot read {path}: {reason}."
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"baris {exc.lineno}, kolom {exc.colno}"
        raise InputError(
            f"{path} bukan JSON yang sah ({where}: {exc.msg}).",
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
        ) from None


def _year(data: Mapping[str, Any], override: int | None) -> int:
    year = override if override is not None else data.get("rule_year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputError(
            f'"rule_year" harus berupa tahun (bilangan bulat), bukan {year!r}; atau beri --year.',
            f'"rule_year" must be a year (whole number), not {year!r}; or pass --year.',
        )
    return year


def _spd_answers(data: Mapping[str, Any], rules: RuleSet) -> dict[str, SpdAnswer]:
    answers: dict[str, SpdAnswer] = {}
    profile = data.get("spd_profile")
    if profile is not None:
        try:
            answers.update(spd_profile_from_dict({"rule_year": rules.year, **profile}).answers)
        except (CodecError, TypeError) as exc:
            raise InputError(
                f"spd_profile tidak sah: {exc}", f"spd_profile is invalid: {exc}"
            ) from None
    levels = data.get("spd_levels", {})
    if not isinstance(levels, dict):
        raise InputError('"spd_levels" harus berupa objek.', '"spd_levels" must be an object.')
    _validate(rules, levels, spd=True, where="spd_levels")
    answers.update(scoring.spd_answers_from_levels(levels))
    values = data.get("spd_values", {})
    if not isinstance(values, dict):
        raise InputError('"spd_values" harus berupa objek.', '"spd_values" must be an object.')
    for key, raw in values.items():
        row = rules.spd_rows.get(key)
        if row is None or not row.numeric:
            raise InputError(
                f'spd_values: baris "{key}" bukan baris SPD berangka tahun {rules.year}.',
                f'spd_values: "{key}" is not a numeric SPD row of {rules.year}.',
            )
        try:
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                raise InvalidOperation
            number = Decimal(str(raw))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise InputError(
                f"spd_values.{key}: {raw!r} bukan angka.",
                f"spd_values.{key}: {raw!r} is not a number.",
            ) from None
        answers[key] = SpdAnswer(row=key, raw_value=number)
    for key, given in _object(data, "spd_inputs").items():
        row = rules.spd_rows.get(key)
        if row is None or not row.inputs:
            raise InputError(
                f'spd_inputs: baris "{key}" tidak meminta nilai mentah pada aturan {rules.year}.',
                f'spd_inputs: row "{key}" asks for no raw values in the {rules.year} rules.',
            )
        if not isinstance(given, dict):
            raise InputError(
                f"spd_inputs.{key} harus berupa objek.", f"spd_inputs.{key} must be an object."
            )
        inputs = {}
        for spec in row.inputs:
            raw = given.get(spec.key)
            try:
                if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                    raise InvalidOperation
                inputs[spec.key] = Decimal(str(raw))
                if not inputs[spec.key].is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                raise InputError(
                    f"spd_inputs.{key}.{spec.key} ({spec.label}): {raw!r} bukan angka.",
                    f"spd_inputs.{key}.{spec.key} ({spec.label}): {raw!r} is not a number.",
                ) from None
        try:
            scoring.spd_figure(row, inputs)
        except scoring.SpdFigureError:
            raise InputError(
                f"spd_inputs.{key}: pertumbuhan dari nilai awal 0 tidak dapat dihitung.",
                f"spd_inputs.{key}: a growth from a starting value of 0 cannot be computed.",
            ) from None
        answers[key] = SpdAnswer(row=key, inputs=inputs)
    return answers


def _object(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise InputError(f'"{key}" harus berupa objek.', f'"{key}" must be an object.')
    return value


def _validate(rules: RuleSet, levels: Mapping[str, Any], *, spd: bool, where: str) -> None:
    """Every key must be a row of the year and every level 0..3."""
    known = list(rules.spd_rows if spd else rules.indicators)
    what_id, what_en = ("baris SPD", "SPD row") if spd else ("indikator", "indicator")
    for key, level in levels.items():
        if key not in known:
            raise InputError(
                f'{where}: {what_id} "{key}" tidak ada pada aturan {rules.year} '
                f"(yang ada: {', '.join(known)}).",
                f'{where}: {what_en} "{key}" is not in the {rules.year} rules '
                f"(known: {', '.join(known)}).",
            )
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 3:
            raise InputError(
                f"{where}.{key}: level harus 0, 1, 2 atau 3, bukan {level!r}.",
                f"{where}.{key}: the level must be 0, 1, 2 or 3, not {level!r}.",
            )


def _innovations(
    data: Mapping[str, Any], rules: RuleSet, verified: bool
) -> list[scoring.ScoredInnovation]:
    entries = data.get("innovations", [])
    if not isinstance(entries, list):
        raise InputError('"innovations" harus berupa daftar.', '"innovations" must be a list.')
    known_urusan = set(rules.urusan.all)
    scored: list[scoring.ScoredInnovation] = []
    for i, entry in enumerate(entries):
        where = f"innovations[{i}]"
        if not isinstance(entry, dict):
            raise InputError(f"{where} harus berupa objek.", f"{where} must be an object.")
        if "answers" in entry or "profile" in entry:  # an exported record (iid.codec form)
            try:
                innovation = innovation_from_dict({"rule_year": rules.year, "id": where, **entry})
            except CodecError as exc:
                raise InputError(f"{where}: {exc}", f"{where}: {exc}") from None
            levels = innovation.verified_levels() if verified else innovation.claimed_levels()
            urusan = list(scoring.innovation_urusan(innovation))
        else:
            levels = entry.get("levels", {})
            urusan = entry.get("urusan", [])
            if not isinstance(levels, dict):
                raise InputError(
                    f"{where}.levels harus berupa objek.", f"{where}.levels must be an object."
                )
            if not isinstance(urusan, list) or not all(isinstance(u, str) for u in urusan):
                raise InputError(
                    f"{where}.urusan harus berupa daftar nama urusan.",
                    f"{where}.urusan must be a list of urusan names.",
                )
        _validate(rules, levels, spd=False, where=f"{where}.levels")
        stray = [u for u in urusan if u and u not in known_urusan]
        if stray:
            raise InputError(
                f"{where}.urusan: {', '.join(stray)} bukan urusan pada aturan {rules.year}. "
                "Tulis nama urusan persis seperti di aturan.",
                f"{where}.urusan: {', '.join(stray)} is not an urusan of the {rules.year} "
                "rules. Write the urusan names exactly as the rules do.",
            )
        scored.append(scoring.ScoredInnovation(scoring.kematangan(rules, levels), tuple(urusan)))
    return scored


# --- output -------------------------------------------------------------------------------------


def result_dict(
    rules: RuleSet, result: scoring.IndexResult, gain: Decimal | None = None
) -> dict[str, Any]:
    """The scored result as JSON (Indonesian keys; numbers as decimal strings, 2 places)."""
    out: dict[str, Any] = {
        "rule_year": rules.year,
        "skor_spd": _two(result.skor_spd),
        "kematangan": [_two(k) for k in result.kematangan],
        "jumlah_inovasi": result.n,
        "pembagi": result.pembagi,
        "kursi_kosong": result.kursi_kosong,
        "skor_sid_indikator": _two(result.skor_sid_indikator),
        "skor_jumlah_inovasi": _two(result.skor_jumlah_inovasi),
        "skor_sid": _two(result.skor_sid),
        "skor_total": _two(result.skor_total),
        "indeks": _two(result.indeks),
        "indeks_tanpa_pembulatan": str(result.indeks),
        "predikat": result.predikat,
        "dinilai": result.dinilai,
        "indeks_rumus": _two(result.indeks_rumus) if result.indeks_rumus is not None else None,
        "yandas_terpenuhi": list(result.yandas.covered),
        "yandas_belum": list(result.yandas.missing),
        "yandas_dibutuhkan": result.yandas.required,
        "yandas_cukup": result.yandas.satisfied,
    }
    if gain is not None:
        out["tambahan_indeks_satu_inovasi"] = _two(gain)
    return out


def result_text(
    rules: RuleSet,
    result: scoring.IndexResult,
    lang: str,
    gain: tuple[Decimal, Decimal] | None = None,
) -> str:
    """A readable breakdown in Indonesian (or English)."""
    top = scoring.maxima(rules)
    en = lang == "en"
    average = sum(result.kematangan, Decimal(0)) / result.n if result.n else Decimal(0)
    lines = [
        (
            f"Regional Innovation Index {rules.year} ({rules.status})"
            if en
            else f"Indeks Inovasi Daerah {rules.year} ({_STATUS_ID.get(rules.status, '')})"
        ),
        ("  SPD score" if en else "  Skor SPD").ljust(30)
        + f"{_two(result.skor_spd)} / {_two(top.spd)}",
        ("  Innovations reported" if en else "  Inovasi dilaporkan").ljust(30)
        + (
            f"{result.n} (divisor {result.pembagi}, empty seats {result.kursi_kosong})"
            if en
            else f"{result.n} (pembagi {result.pembagi}, kursi kosong {result.kursi_kosong})"
        ),
        ("  Average kematangan" if en else "  Rata-rata kematangan").ljust(30)
        + f"{_two(average)} / {_two(top.kematangan)}",
        ("  SID indicator score" if en else "  Skor indikator SID").ljust(30)
        + f"{_two(result.skor_sid_indikator)} / {_two(top.kematangan)}",
        ("  Skor Jumlah Inovasi").ljust(30)
        + f"{_two(result.skor_jumlah_inovasi)} / {_two(top.jumlah_inovasi)}",
        ("  Basic-service urusan" if en else "  Urusan pelayanan dasar").ljust(30)
        + (
            f"{len(result.yandas.covered)} of {len(rules.yandas)} covered "
            f"(needed: {result.yandas.required})"
            if en
            else f"{len(result.yandas.covered)} dari {len(rules.yandas)} terpenuhi "
            f"(syarat: {result.yandas.required})"
        ),
        ("  Total score" if en else "  Skor Total").ljust(30)
        + f"{_two(result.skor_total)} / {_two(top.total)}",
        ("  Index" if en else "  Indeks").ljust(30) + f"{_two(result.indeks)}  {result.predikat}",
    ]
    if result.yandas.missing:
        lines.append(
            ("  Missing basic-service urusan: " if en else "  Urusan pelayanan dasar belum ada: ")
            + "; ".join(result.yandas.missing)
        )
    if not result.yandas.satisfied:
        lines.append(
            f"  Cover {result.yandas.short_by} more basic-service urusan, or the Skor Jumlah "
            "Inovasi stays 0."
            if en
            else f"  Tambahkan inovasi pada {result.yandas.short_by} urusan pelayanan dasar lagi; "
            "tanpa itu Skor Jumlah Inovasi tetap 0."
        )
    if result.kursi_kosong:
        lines.append(
            f"  {result.kursi_kosong} empty seat(s) count as kematangan 0 until {rules.divisor_k}"
            " innovations are reported."
            if en
            else f"  {result.kursi_kosong} kursi kosong dihitung kematangan 0 sampai "
            f"{rules.divisor_k} inovasi dilaporkan."
        )
    if gain is not None:
        value, points = gain
        lines.append(
            f"  One more innovation of kematangan {_two(value)}: {_two(points)} index points."
            if en
            else f"  Satu inovasi lagi dengan kematangan {_two(value)}: {_two(points)} poin indeks."
        )
    return "\n".join(lines)


# --- command ------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m iid", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser("score", help="score a pemda's SPD and innovations (JSON)")
    score.add_argument("file", help="the JSON file, or - for standard input")
    score.add_argument("--year", type=int, default=None, help="rule year (overrides rule_year)")
    score.add_argument("--lang", choices=("id", "en"), default="id", help="language of messages")
    score.add_argument("--format", choices=("json", "text"), default="json", dest="output")
    score.add_argument(
        "--verified",
        action="store_true",
        help="score exported innovations with their verified levels",
    )
    score.add_argument(
        "--what-if",
        type=Decimal,
        default=None,
        metavar="KEMATANGAN",
        help="also show the index points one more innovation of it adds",
    )
    return parser


def main(
    argv: Sequence[str] | None = None, stdin: IO[str] | None = None, stdout: IO[str] | None = None
) -> int:
    """Run the command; returns the exit status (0, or 2 for bad input)."""
    args = _parser().parse_args(argv)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        data = _read_json(args.file, stdin)
        if not isinstance(data, dict):
            raise InputError("Isi JSON harus berupa objek.", "The JSON must be an object.")
        try:
            rules = load_rules(_year(data, args.year))
        except RuleSetError as exc:
            raise InputError(f"Aturan tidak tersedia: {exc}", f"No usable rules: {exc}") from None
        answers = _spd_answers(data, rules)
        innovations = _innovations(data, rules, args.verified)
        result = scoring.score_index(rules, scoring.spd_score(rules, answers), innovations)
        gain = None
        if args.what_if is not None:
            gain = scoring.marginal_gain(rules, result.skor_spd, innovations, args.what_if)
    except InputError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    except RuleUnknownError as exc:
        print(exc.message_en if args.lang == "en" else exc.message_id, file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.output == "text":
        what_if = None if gain is None else (Decimal(args.what_if), gain)
        print(result_text(rules, result, args.lang, what_if), file=stdout)
    else:
        json.dump(result_dict(rules, result, gain), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    return 0
