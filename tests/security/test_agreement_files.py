"""Agreement files within bounds: an alias bomb, deep nesting, huge numbers, durations and dates out
of range are each one short line and a non-zero exit, quickly, never a traceback."""

from __future__ import annotations

import time

import pytest

from charterwatch.agreement.bundled import bundled_agreement_text
from tests.conftest import run_cli

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))


def _charter(replace: tuple[str, str]) -> str:
    text = bundled_agreement_text("az-us-charter-2026")
    assert replace[0] in text
    return text.replace(replace[0], replace[1], 1)


CASES = {
    "alias-bomb": (BOMB, "aliases (*name) are not allowed"),
    "alias-in-signed": (_charter(("  signed: 2026-02-10", "  signed: &d 2026-02-10\n  place: *d")), "aliases"),
    "deep": ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "nested deeper than"),
    "digits": (_charter(("format: 1", "format: " + "9" * 5000)), "digits is out of range"),
    "years": (_charter(("rule: P3M", "rule: P99999Y")), "out of range"),
    "days": (_charter(("rule: P3M", "rule: P99999999999999999999D")), "out of range"),
    "signed-9999": (_charter(("  signed: 2026-02-10", "  signed: 9999-12-31")), "out of range"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_agreement_files_are_one_short_line(tmp_path, case):
    text, expected = CASES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = run_cli("agreement", "validate", str(path), db=f"sqlite:///{tmp_path / 'cw.db'}")
    elapsed = time.monotonic() - started
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 400, lines[:3]
    assert expected in lines[0] and path.name in lines[0]
    assert elapsed < 15            # a process start and a refusal, not an expansion


def test_a_daily_rule_from_1900_is_listed_briefly_and_quickly(tmp_path):
    text = (bundled_agreement_text("az-us-charter-2026").replace("  signed: 2026-02-10", "  signed: 1900-01-01", 1)
            .replace("due: {rule: P1Y, from: signed, recurring: true, first: 2027-02-10, met_by: [meeting]}",
                     "due: {rule: P1D, from: signed, recurring: true, met_by: [meeting]}")
            .replace("date: 2026-05-10, ", "").replace("id: az-us-charter-2026", "id: old-daily", 1))
    path = tmp_path / "daily.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = run_cli("deadlines", "--agreement", str(path), "--as-of", "2026-12-01",
                     db=f"sqlite:///{tmp_path / 'cw.db'}", check=True)
    assert time.monotonic() - started < 20
    assert "occurrences #1–#46343 of mechanism.annual_meeting not shown: 0 met, 46343 missed" in result.stdout
    assert result.stdout.count("mechanism.annual_meeting #") == 12
