"""Numeric SPD rows from the raw values the national form asks for: the figure by the row's
formula, then the level by its bands; edges, a growth from zero, the codec and the CLI."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from iid import scoring
from iid.cli import main
from iid.codec import spd_profile_from_dict, spd_profile_to_dict
from iid.records import SpdAnswer, SpdProfile
from iid.rules import RuleSetError, load_rule_file, load_rules

RULES = load_rules(2026)
D = Decimal


def level(row: str, **inputs: str) -> int:
    answer = SpdAnswer(row=row, inputs={k: D(v) for k, v in inputs.items()})
    return scoring.spd_answer_level(RULES.spd_rows[row], answer)


def test_every_numeric_2026_row_names_its_inputs_and_formula() -> None:
    numeric = {k: r for k, r in RULES.spd_rows.items() if r.numeric}
    assert numeric and all(r.inputs for r in numeric.values())
    assert RULES.spd_rows["6"].formula == "growth_percent"
    assert [i.key for i in RULES.spd_rows["6"].inputs] == ["t2", "t1"]


@pytest.mark.parametrize(
    ("row", "inputs", "figure", "expected"),
    [
        # Investment growth: (T-1 - T-2) / T-2 x 100 against -47.42 / 94.76.
        ("6", {"t2": "1000", "t1": "1947.6"}, "94.76", 3),
        ("6", {"t2": "1000", "t1": "1947.5"}, "94.75", 2),
        ("6", {"t2": "1000", "t1": "525.8"}, "-47.42", 1),
        # TPT progress: T-2 - T-1; 0.36 sits in two published bands, the lower level wins.
        ("5a", {"t2": "5.00", "t1": "4.64"}, "0.36", 2),
        ("5a", {"t2": "5.00", "t1": "5.10"}, "-0.10", 1),
        # IPM increase: T-1 - T-2.
        ("11a", {"t2": "70.10", "t1": "71.01"}, "0.91", 3),
        # A T-1 value is the figure itself.
        ("10b", {"t1": "4.82"}, "4.82", 2),
    ],
)
def test_the_figure_follows_from_the_inputs_and_the_level_from_the_figure(
    row: str, inputs: dict[str, str], figure: str, expected: int
) -> None:
    spec = RULES.spd_rows[row]
    value = scoring.spd_figure(spec, {k: D(v) for k, v in inputs.items()})
    assert value.quantize(D("0.01")) == D(figure)
    assert level(row, **inputs) == expected


def test_a_growth_from_zero_or_a_missing_input_is_named() -> None:
    with pytest.raises(scoring.SpdFigureError) as caught:
        scoring.spd_figure(RULES.spd_rows["7"], {"t2": D(0), "t1": D(5)})
    assert caught.value.code == "spd.input_zero_base" and caught.value.input_key == "t2"
    with pytest.raises(scoring.SpdFigureError) as missing:
        scoring.spd_figure(RULES.spd_rows["7"], {"t1": D(5)})
    assert missing.value.code == "spd.input_missing"
    # Until every input is there, a figure entered directly still counts.
    partial = SpdAnswer(row="7", raw_value=D("40"), inputs={"t1": D(5)})
    assert scoring.spd_answer_level(RULES.spd_rows["7"], partial) == 3


def test_inputs_travel_through_the_codec() -> None:
    profile = SpdProfile("pemda", 2026, {"6": SpdAnswer("6", inputs={"t2": D("1"), "t1": D("2")})})
    again = spd_profile_from_dict(json.loads(json.dumps(spd_profile_to_dict(profile))))
    assert again.answers["6"].inputs == {"t2": D("1"), "t1": D("2")}


def test_a_bad_formula_is_refused_naming_the_key(
    altered_rules: Callable[..., Path],
) -> None:
    with pytest.raises(RuleSetError) as caught:
        load_rule_file(altered_rules('formula = "growth_percent"', 'formula = "ratio"'))
    assert caught.value.key.endswith(".formula")


def test_the_scoring_command_takes_the_raw_values() -> None:
    payload = {"rule_year": 2026, "spd_inputs": {"6": {"t2": "1000", "t1": "1947.6"}}}
    out = io.StringIO()
    assert main(["score", "-"], stdin=io.StringIO(json.dumps(payload)), stdout=out) == 0
    assert json.loads(out.getvalue())["skor_spd"] == "4.50"  # bobot 1.5 x level 3
    bad = {"rule_year": 2026, "spd_inputs": {"6": {"t2": "0", "t1": "5"}}}
    assert main(["score", "-"], stdin=io.StringIO(json.dumps(bad)), stdout=io.StringIO()) == 2
