"""The real ``charterwatch`` command in a subprocess: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import FIXTURES, run_cli

ROADMAPS = "mechanism.priority_projects_roadmaps"


def deadline_states(db, as_of, *extra):
    result = run_cli("deadlines", "--as-of", as_of, "--json", *extra, db=db, check=True)
    return {(i["provision_id"], i["body_id"]): i["state"] for i in json.loads(result.stdout)}


def assert_one_line_error(result, starts_with, code=2):
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: " + starts_with), lines[0]
    assert "Traceback" not in result.stderr


def test_main_job_on_a_fresh_store(tmp_path):
    db = f"sqlite:///{tmp_path / 'new' / 'cw.db'}"
    result = run_cli("run", "--as-of", "2026-04-15", db=db, check=True,
                     env={"CHARTERWATCH_BRIEFINGS": str(tmp_path / "briefings")})
    briefing = tmp_path / "briefings" / "briefing-az-us-charter-2026-2026-04-15.html"
    assert briefing.is_file() and briefing.with_suffix(".md").is_file()
    flat = result.stdout.replace("\n", "")
    assert str(briefing) in flat
    assert f"charterwatch serve --db {db}` and open http://127.0.0.1:8000/" in flat
    assert "due in 25 days" in briefing.with_suffix(".md").read_text(encoding="utf-8").lower()
    assert "az-us-charter-2026 (created)" in result.stdout
    assert "29 provisions in 6 sections, 4 bodies" in result.stdout
    assert "mechanism.annual_meeting #1" in result.stdout
    assert "Status of az-us-charter-2026 as of 2026-04-15" in result.stdout and "Working groups" in result.stdout
    summary = json.loads(run_cli("run", "--as-of", "2026-04-15", "--json", db=db, check=True).stdout)
    assert [d["state"] for d in summary["deadlines"] if d["body_id"]] == ["due_soon"] * 4
    assert summary["ingest"]["added"] == 0 and summary["understand"]["documents"] == 0  # nothing new to read
    again = run_cli("run", "--as-of", "2026-04-15", db=db, check=True)
    assert "az-us-charter-2026 (unchanged)" in again.stdout


def test_main_job_uses_the_data_directory_by_default(tmp_path):
    result = run_cli("run", env={"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)}, check=True)
    assert (tmp_path / "charterwatch" / "charterwatch.db").is_file()
    assert f"sqlite:///{tmp_path}/charterwatch/charterwatch.db" in result.stdout
    assert list((tmp_path / "charterwatch" / "briefings").glob("briefing-az-us-charter-2026-*.html"))


def test_deadlines_from_record_to_met(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    groups = ["wg-economy-trade", "wg-energy", "wg-connectivity-ai-digital", "wg-security-defence"]
    assert {deadline_states(db, "2026-05-11")[(ROADMAPS, g)] for g in groups} == {"missed"}
    assert {deadline_states(db, "2026-04-15")[(ROADMAPS, g)] for g in groups} == {"due_soon"}
    added = run_cli("record", "roadmap", "--body", "wg-energy", "--date", "2026-05-02", "--source",
                    "https://example.org/minutes", "--text", "Roadmap adopted.", "--json", db=db, check=True)
    assert json.loads(added.stdout)["provision_id"] == ROADMAPS  # the per-body deadline is the default
    states = deadline_states(db, "2026-05-11")
    assert states[(ROADMAPS, "wg-energy")] == "met"
    assert states[(ROADMAPS, "wg-economy-trade")] == "missed"
    assert deadline_states(db, "2026-05-01")[(ROADMAPS, "wg-energy")] == "due_soon"


def test_record_correct_history_and_list(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    run_cli("record", "meeting", "--provision", "mechanism.working_groups", "--body", "wg-energy", "--date", "2026-03-03",
            "--source", "doc-17", "--text", "Inaugural meeting.", db=db, check=True)
    run_cli("record", "correct", "1", "--date", "2026-03-04", "--reason", "wrong day", "--by", "editor", db=db, check=True)
    history = json.loads(run_cli("record", "history", "1", "--json", db=db, check=True).stdout)
    assert [(h["revision"], h["action"], h["changed_by"], h["snapshot"]["date"]) for h in history] == [
        (1, "created", "tester", "2026-03-03"), (2, "corrected", "editor", "2026-03-04")]
    listed = json.loads(run_cli("records", "--body", "wg-energy", "--json", db=db, check=True).stdout)
    assert [(r["id"], r["date"], r["revision"]) for r in listed] == [(1, "2026-03-04", 2)]
    table = run_cli("records", db=db, check=True).stdout
    assert "Inaugural meeting." in table and "doc-17" in table


@pytest.mark.parametrize("command", [
    ["provisions"], ["deadlines", "--as-of", "2026-05-11"], ["records"], ["agreement", "show"], ["run"],
])
def test_every_command_accepts_the_mou(tmp_path, command):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    result = run_cli(*command, "--agreement", "az-us-mou-2025", db=db, check=True)
    assert ("mou." in result.stdout) or ("sets no deadlines" in result.stdout) or ("Secretariat records" in result.stdout)
    assert "connectivity.tripp" not in result.stdout


def test_mou_record_and_provisions_json(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    run_cli("record", "meeting", "-a", "az-us-mou-2025", "--provision", "mou.working_group", "--body",
            "strategic-working-group", "--date", "2026-01-21", "--source", "report", "--text", "Second session.",
            db=db, check=True)
    provisions = json.loads(run_cli("provisions", "-a", "az-us-mou-2025", "--json", db=db, check=True).stdout)
    assert [p["id"] for p in provisions] == ["mou.working_group", "mou.draft_charter"]
    records = json.loads(run_cli("records", "-a", "az-us-mou-2025", "--json", db=db, check=True).stdout)
    assert [r["agreement_id"] for r in records] == ["az-us-mou-2025"]


def test_a_users_agreement_by_path_then_by_id(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    path = str(FIXTURES / "agreements" / "lake-accord.yaml")
    states = deadline_states(db, "2026-03-01", "--agreement", path)
    assert states[("joint.work_plans", "panel-shipping")] == "missed"
    listed = json.loads(run_cli("agreement", "list", "--json", db=db, check=True).stdout)
    assert [a["id"] for a in listed] == ["az-us-charter-2026", "lake-accord-2026", "az-us-mou-2025"]  # newest signing first
    sections = json.loads(run_cli("provisions", "--section", "joint", "--json", "-a", "lake-accord-2026", db=db, check=True).stdout)
    assert [p["id"] for p in sections] == ["joint.commission", "joint.work_plans", "joint.review"]


def test_provisions_section_filter(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    rows = json.loads(run_cli("provisions", "--section", "security", "--json", db=db, check=True).stdout)
    assert [p["id"] for p in rows][-1] == "security.demining" and len(rows) == 7
    assert_one_line_error(run_cli("provisions", "--section", "space", db=db), "--section 'space': not a section of")


def _table_rows(path):
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("agreements", "provisions", "bodies", "records", "record_revisions")}


def test_bad_inputs_give_one_line_and_leave_the_store_unchanged(tmp_path):
    path = tmp_path / "cw.db"
    db = f"sqlite:///{path}"
    run_cli("record", "roadmap", "--body", "wg-energy", "--date", "2026-05-02", "--source", "s", "--text", "t", db=db, check=True)
    before = _table_rows(path)
    bad_yaml = tmp_path / "charter.yaml"
    bad_yaml.write_text((FIXTURES / "agreements" / "lake-accord.yaml").read_text().replace("rule: P1M", "rule: P3X"))
    cases = [
        (["agreement", "validate", str(bad_yaml)], "charter.yaml: sections[1].provisions[1].due.rule: 'P3X' is not an ISO-8601 duration"),
        (["agreement", "load", str(bad_yaml)], "charter.yaml: sections[1].provisions[1].due.rule:"),
        (["deadlines", "--agreement", str(bad_yaml)], "charter.yaml: sections[1].provisions[1].due.rule:"),
        (["deadlines", "--as-of", "2026-13-01"], "--as-of '2026-13-01': not a date (expected YYYY-MM-DD)"),
        (["record", "roadmap", "--provision", "connectivity.teleport", "--body", "wg-energy", "--date", "2026-05-02",
          "--source", "s", "--text", "t"], "record: provision 'connectivity.teleport' is not in agreement"),
        (["record", "roadmap", "--body", "wg-space", "--date", "2026-05-02", "--source", "s", "--text", "t"],
         "record: body 'wg-space' is not in agreement"),
        (["record", "roadmap", "--body", "wg-energy", "--date", "May 2", "--source", "s", "--text", "t"],
         "--date 'May 2': not a date"),
        (["record", "roadmap", "--body", "wg-energy", "--date", "2026-05-02", "--source", " ", "--text", "t"],
         "record roadmap: --source: must not be blank"),
        (["record", "roadmap", "--body", "wg-energy", "--date", "2031-05-02", "--source", "s", "--text", "t"],
         "record: date 2031-05-02 is in the future"),
        (["record", "correct", "1", "--reason", "r"], "record 1: give at least one field to correct"),
        (["record", "correct", "7", "--text", "x", "--reason", "r"], "record 7: no such record"),
        (["records", "--body", "wg-space"], "--body 'wg-space': not a body of"),
        (["provisions", "--agreement", "nope"], "--agreement 'nope': no such file or agreement id"),
    ]
    for args, message in cases:
        assert_one_line_error(run_cli(*args, db=db), message)
    assert _table_rows(path) == before


def test_bad_database_url_is_one_line():
    assert_one_line_error(run_cli("provisions", db="nosuchdialect://x"), "--db 'nosuchdialect://x':", code=1)


def test_schema_command_prints_json():
    schema = json.loads(run_cli("agreement", "schema", check=True).stdout)
    assert schema["title"] == "charterwatch agreement file (format 1)"


def test_usage_errors_are_one_line_naming_the_fix(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    assert_one_line_error(run_cli("statuss", db=db), "No such command 'statuss'. Did you mean 'status'? (see `charterwatch --help`)")
    assert_one_line_error(run_cli("status", "--nope", db=db), "No such option: --nope (see `charterwatch status --help`)")
    assert_one_line_error(run_cli("watch", db=db), "Missing option '--feeds'. (see `charterwatch watch --help`)")
    assert_one_line_error(run_cli("explain", db=db), "Missing argument 'provision_id'. (see `charterwatch explain --help`)")
    bare = run_cli("record", db=db)
    assert bare.returncode == 0 and bare.stdout.startswith("Usage: charterwatch record")
    shown = run_cli("ingest", "--help", db=db).stdout
    assert "--json " in shown and "<bool>" not in shown          # flags shown as flags


def test_a_near_miss_id_is_suggested(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    assert_one_line_error(run_cli("explain", "tripp", db=db),
                          "provision 'tripp': not in agreement 'az-us-charter-2026' (did you mean connectivity.tripp?")
    assert_one_line_error(run_cli("record", "meeting", "--body", "wg-enrgy", "--date", "2026-03-01", "--source", "s",
                                  "--text", "t", db=db), "record: body 'wg-enrgy' is not in agreement 'az-us-charter-2026' "
                                                         "(did you mean wg-energy?")


def test_a_record_without_a_provision_counts_where_the_library_says(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    meeting = json.loads(run_cli("record", "meeting", "--body", "wg-energy", "--date", "2026-05-02", "--source",
                                 "https://example.org/minutes", "--text", "...", "--json", db=db, check=True).stdout)
    assert meeting["provision_id"] == "mechanism.working_groups"      # the --help example works as written
    annual = json.loads(run_cli("record", "meeting", "--date", "2026-05-02", "--source", "s", "--text", "t", "--json",
                                db=db, check=True).stdout)
    assert annual["provision_id"] == "mechanism.annual_meeting"
    assert_one_line_error(run_cli("record", "roadmap", "--body", "wg-energy", "--date", "2999-01-01", "--source", "s",
                                  "--text", "t", db=db), "record: date 2999-01-01 is in the future")
