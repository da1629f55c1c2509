"""One setting, every surface: CHARTERWATCH_STALL_AFTER_DAYS changes `status` and the served
dashboard and API alike (they share the workspace's settings)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import httpx

from tests.conftest import REPO, copy_store, run_cli


def serve(db: str, env: dict) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHARTERWATCH_")}
    environment.update({"CHARTERWATCH_DB": db, **env})
    process = subprocess.Popen([sys.executable, "-m", "charterwatch", "serve", "--port", str(port)], cwd=REPO,
                               env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(f"{base}/api/agreements", timeout=1)
            return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(process.stderr.read().decode())


def test_stall_after_days_reaches_the_cli_the_api_and_the_dashboard(sample_store, tmp_path):
    db = copy_store(sample_store, tmp_path)
    # work in progress on TRIPP, recorded on 1 March: a 180-day rule keeps it in progress on 1 May,
    # a 20-day one has stalled it
    run_cli("record", "milestone", "--provision", "connectivity.tripp", "--date", "2026-03-01", "--source", "minutes-7",
            "--text", "Route survey under way.", db=db, check=True)
    seen = {}
    for days in ("180", "20"):
        env = {"CHARTERWATCH_STALL_AFTER_DAYS": days}
        cli = json.loads(run_cli("status", "--as-of", "2026-05-01", "--json", db=db, env=env, check=True).stdout)
        process, base = serve(db, env)
        try:
            api = httpx.get(f"{base}/api/provisions", params={"as_of": "2026-05-01"}).json()
            page = httpx.get(f"{base}/", params={"as_of": "2026-05-01"}).text
        finally:
            process.terminate()
            process.wait(10)
        from_cli = {(p["id"], p["body_id"]): p["status"] for p in cli["provisions"]}
        from_api = {(p["id"], p["body_id"]): p["status"] for p in api["provisions"]}
        assert from_cli == from_api
        assert cli["headline"]["words"] == api["headline"]["words"] and cli["headline"]["words"] in page
        seen[days] = from_cli
    assert seen["180"][("connectivity.tripp", None)] == "in_progress"
    assert seen["20"][("connectivity.tripp", None)] == "stalled"


def test_due_soon_days_reaches_the_cli_and_the_api(sample_store, tmp_path):
    db = copy_store(sample_store, tmp_path)
    # the working groups' roadmaps are due on 10 May: nine days before, within 30 days, not within 5
    for days, expected in (("30", "due_soon"), ("5", "upcoming")):
        env = {"CHARTERWATCH_DUE_SOON_DAYS": days}
        out = run_cli("deadlines", "--as-of", "2026-05-01", "--json", db=db, env=env, check=True)
        states = {item["state"] for item in json.loads(out.stdout) if item["due"] == "2026-05-10"}
        assert states == {expected}, (days, states)
        process, base = serve(db, env)
        try:
            api = httpx.get(f"{base}/api/deadlines", params={"as_of": "2026-05-01"}, timeout=30).json()
        finally:
            process.kill()
        assert {d["state"] for d in api["deadlines"] if d["due"] == "2026-05-10"} == {expected}
