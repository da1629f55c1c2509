"""Loading agreement files: the bundled ones, a user's own, and every kind of bad file."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from charterwatch.agreement import bundled_agreement_ids, load_agreement_file, load_bundled_agreement
from charterwatch.agreement.bundled import bundled_agreement_text
from charterwatch.agreement.load import MAX_AGREEMENT_BYTES
from charterwatch.errors import AgreementError
from tests.conftest import FIXTURES

PROVISION_IDS = json.loads((Path(__file__).parent / "provision_ids.json").read_text())


def test_bundled_agreements_are_the_charter_then_the_mou():
    assert bundled_agreement_ids() == ["az-us-charter-2026", "az-us-mou-2025"]


@pytest.mark.parametrize("agreement_id", ["az-us-charter-2026", "az-us-mou-2025"])
def test_bundled_provision_ids_match_the_pinned_list(agreement_id):
    agreement = load_bundled_agreement(agreement_id)
    assert [p.id for p in agreement.provisions] == PROVISION_IDS[agreement_id]


@pytest.mark.parametrize("agreement_id, shared_file", [("az-us-charter-2026", "charter-2026.yaml"),
                                                       ("az-us-mou-2025", "mou-2025.yaml")])
def test_bundled_ids_equal_the_shared_facts(shared_charter, agreement_id, shared_file):
    raw = yaml.safe_load((shared_charter / shared_file).read_text(encoding="utf-8"))
    shared_ids = [p["id"] for s in raw["sections"] for p in s["provisions"]]
    bundled = load_bundled_agreement(agreement_id)
    assert [p.id for p in bundled.provisions] == shared_ids
    assert [s.id for s in bundled.sections] == [s["id"] for s in raw["sections"]]
    assert bundled.agreement.signed == raw["agreement"]["signed"]
    assert [b.id for b in bundled.bodies] == [b["id"] for b in raw.get("bodies", [])] or agreement_id == "az-us-mou-2025"


def test_charter_facts():
    charter = load_bundled_agreement("az-us-charter-2026")
    assert str(charter.agreement.signed) == "2026-02-10"
    assert [b.id for b in charter.bodies] == [
        "wg-economy-trade", "wg-energy", "wg-connectivity-ai-digital", "wg-security-defence"]
    # The comma inside this name once split it in two under YAML flow syntax.
    assert charter.body("wg-connectivity-ai-digital").name == "Working group on connectivity, AI and digital development"
    roadmaps = charter.provision("mechanism.priority_projects_roadmaps")
    assert roadmaps.due.per_body and str(roadmaps.due.date) == "2026-05-10"
    vance = next(e for e in charter.entities if e.id == "jd-vance")
    assert "Джей Ди Вэнс" in vance.variants and "Jey Di Vance" in vance.variants


def test_a_users_agreement_loads():
    accord = load_agreement_file(FIXTURES / "agreements" / "lake-accord.yaml")
    assert accord.id == "lake-accord-2026"
    assert [b.id for b in accord.bodies_for(accord.provision("joint.work_plans"))] == ["panel-fisheries", "panel-shipping"]


# --- bad files -------------------------------------------------------------------------------

def _charter_data() -> dict:
    return yaml.safe_load(bundled_agreement_text("az-us-charter-2026"))


def _mutated(change) -> str:
    data = copy.deepcopy(_charter_data())
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return change


_DELETE = object()

# (case id, YAML text, the exact one-line message after the file name)
BAD_FILES = [
    ("bad-duration", _mutated(_set(["sections", 5, "provisions", 1, "due", "rule"], "P3X")),
     "sections[5].provisions[1].due.rule: 'P3X' is not an ISO-8601 duration (expected e.g. P3M, P1Y, P30D)"),
    ("missing-summary", _mutated(_set(["sections", 1, "provisions", 0, "summary"], _DELETE)),
     "sections[1].provisions[0].summary: is required but missing"),
    ("missing-agreement", _mutated(_set(["agreement"], _DELETE)),
     "agreement: is required but missing"),
    ("wrong-type-date", _mutated(_set(["agreement", "signed"], "tenth of February")),
     "agreement.signed: 'tenth of February' is not a date (expected YYYY-MM-DD)"),
    ("wrong-kind", _mutated(_set(["sections", 0, "provisions", 0, "kind"], "promise")),
     "sections[0].provisions[0].kind: input should be 'reaffirmation', 'commitment' or 'mechanism' (got 'promise')"),
    ("sections-not-a-list", _mutated(_set(["sections"], "all of them")),
     "sections: input should be a valid list (got 'all of them')"),
    ("unknown-field", _mutated(_set(["sections", 0, "provisions", 0, "summery"], "typo")),
     "sections[0].provisions[0].summery: is not a field of the agreement format (see docs/agreement-format.md)"),
    ("duplicate-provision-id", _mutated(_set(["sections", 1, "provisions", 1, "id"], "connectivity.middle_corridor")),
     "sections[1].provisions[1].id: duplicate provision id 'connectivity.middle_corridor' (first at sections[1].provisions[0])"),
    ("duplicate-body-id", _mutated(_set(["bodies", 1, "id"], "wg-economy-trade")),
     "bodies[1].id: duplicate body id 'wg-economy-trade' (first at bodies[0])"),
    ("unknown-body", _mutated(_set(["sections", 5, "provisions", 0, "bodies", 0], "wg-space")),
     "sections[5].provisions[0].bodies[0]: 'wg-space' is not a body id of this agreement"),
    ("date-disagrees-with-rule", _mutated(_set(["sections", 5, "provisions", 1, "due", "date"], "2026-05-11")),
     "sections[5].provisions[1].due.date: 2026-05-11 does not match rule P3M from signing 2026-02-10 (expected 2026-05-10)"),
    ("bad-provision-id", _mutated(_set(["sections", 0, "provisions", 0, "id"], "Sovereignty")),
     "sections[0].provisions[0].id: string should match pattern '^[a-z][a-z0-9_]*\\.[a-z0-9][a-z0-9_]*$' (got 'Sovereignty')"),
    ("timeline-unknown-provision", _mutated(_set(["timeline", 0, "provision"], "reaffirm.nothing")),
     "timeline[0].provision: 'reaffirm.nothing' is not a provision id of this agreement"),
    ("unknown-party", _mutated(_set(["entities", 0, "party"], "FR")),
     "entities[0].party: 'FR' is not one of the parties (AZ, US)"),
    ("unparseable", "agreement:\n  id: x\n  titles: {en: [unclosed\n",
     "line 4, column 1: not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ("duplicate-key", "agreement:\n  id: a\n  id: b\n",
     "line 3, column 3: not valid YAML: duplicate key 'id'"),
    ("not-a-mapping", "- just\n- a list\n",
     "the top level must be a mapping with 'agreement' and 'sections'"),
    ("empty", "",
     "the top level must be a mapping with 'agreement' and 'sections'"),
]


@pytest.mark.parametrize("case, text, message", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_gives_one_line_naming_file_path_and_problem(tmp_path, case, text, message):
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgreementError) as caught:
        load_agreement_file(path)
    assert str(caught.value).split(" (and ")[0] == f"{case}.yaml: {message}"
    assert "\n" not in str(caught.value)


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    assert path.stat().st_size > MAX_AGREEMENT_BYTES
    with pytest.raises(AgreementError, match=r"^huge\.yaml: file is 50\.0 MiB; an agreement file may be at most 5 MiB$"):
        load_agreement_file(path)


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("agreement: {id: caf\xe9}".encode("latin-1"))
    with pytest.raises(AgreementError, match=r"^latin\.yaml: not UTF-8 text \(byte 19\)$"):
        load_agreement_file(path)


def test_missing_file(tmp_path):
    with pytest.raises(AgreementError, match=r"nope\.yaml: no such file$"):
        load_agreement_file(tmp_path / "nope.yaml")


def test_several_problems_are_counted(tmp_path):
    def change(data):
        data["sections"][0]["provisions"][0]["kind"] = "promise"
        data["sections"][0]["provisions"][1]["kind"] = "promise"
    path = tmp_path / "two.yaml"
    path.write_text(_mutated(change), encoding="utf-8")
    with pytest.raises(AgreementError, match=r"\(and 1 more problems\)$"):
        load_agreement_file(path)
