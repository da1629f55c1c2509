"""The monitoring cycle: a user's own news reaches evidence, status and deadlines through `ingest`
and `watch`, incrementally, with the same answer as a full `understand --all`."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, REPO, fresh_postgres, run_cli

REPORTS = FIXTURES / "monitor" / "energy-roadmap.jsonl"
ROADMAPS = "mechanism.priority_projects_roadmaps"


def _deadline(db: str, body: str) -> dict:
    out = run_cli("deadlines", "--json", db=db, check=True).stdout
    return next(d for d in json.loads(out) if d["provision_id"] == ROADMAPS and d["body_id"] == body)


def test_ingest_of_own_reports_moves_deadline_evidence_and_status(sqlite_url):
    before = _deadline(sqlite_url, "wg-energy")
    assert before["state"] == "missed"
    result = run_cli("ingest", str(REPORTS), db=sqlite_url, check=True, timeout=300)
    # the summary says what was understood and what moved, with why and the evidence
    assert "Understood: 6 documents" in result.stdout
    assert "deadline mechanism.priority_projects_roadmaps [wg-energy]: missed → met_late on 2026-11-2" in result.stdout
    moved = [line for line in result.stdout.splitlines() if "status mechanism.priority_projects_roadmaps [wg-energy]:" in line]
    assert moved and "→ delivered since 2026-11-2" in moved[0], result.stdout
    after = _deadline(sqlite_url, "wg-energy")
    assert after["state"] == "met_late"
    evidence = json.loads(run_cli("evidence", ROADMAPS, "--json", db=sqlite_url, check=True).stdout)
    assert any("caspian-ledger.example" in (e["url"] or "") for e in evidence)
    status = json.loads(run_cli("status", "--json", db=sqlite_url, check=True).stdout)
    energy = [p for p in status["provisions"] if p["id"] == ROADMAPS and p["body_id"] == "wg-energy"]
    assert energy and energy[0]["status"] == "delivered"
    # the off-topic item is no evidence and not on topic
    export = json.loads(run_cli("export", "--format", "json", db=sqlite_url, check=True).stdout)
    ferry = next(d for d in export["documents"] if "harbour-notes" in (d["url"] or ""))
    assert ferry["on_topic"] is False
    assert not [e for e in export["evidence"] if e["document_id"] == ferry["id"]]
    # a second ingest of the same file adds and changes nothing
    again = run_cli("ingest", str(REPORTS), db=sqlite_url, check=True, timeout=300)
    assert "No status or deadline changed." in again.stdout


def test_defer_then_understand(sqlite_url):
    deferred = run_cli("ingest", str(REPORTS), "--defer", db=sqlite_url, check=True, timeout=300)
    assert "deferred (--defer)" in deferred.stdout
    waiting = _deadline(sqlite_url, "wg-energy")
    assert waiting["state"] == "missed"
    assert "6 documents are waiting" in run_cli("deadlines", db=sqlite_url, check=True).stdout
    understood = run_cli("understand", db=sqlite_url, check=True, timeout=300)
    assert "missed → met_late" in understood.stdout
    assert _deadline(sqlite_url, "wg-energy")["state"] == "met_late"
    assert "waiting" not in run_cli("deadlines", db=sqlite_url, check=True).stdout
    # what is understood stays understood: the next cycle reads nothing again
    assert "Understood: 0 documents" in run_cli("understand", db=sqlite_url, check=True, timeout=300).stdout


def _rss(items: list[dict], base: str) -> str:
    entries = "".join(
        f"<item><title>{i['title']}</title><link>{base}/{n}.html</link>"
        f"<pubDate>{dt.date.fromisoformat(i['published']).strftime('%a, %d %b %Y')} 09:00:00 +0000</pubDate></item>"
        for n, i in enumerate(items))
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test wire</title>{entries}</channel></rss>'


def test_watch_once_against_a_local_feed(tmp_path, sqlite_url):
    items = [json.loads(line) for line in REPORTS.read_text(encoding="utf-8").splitlines()]
    site = tmp_path / "site"
    site.mkdir()
    for n, item in enumerate(items):
        paragraphs = "".join(f"<p>{p}</p>" for p in item["text"].split("\n\n"))
        (site / f"{n}.html").write_text(
            f"<html><head><title>{item['title']}</title><meta name='date' content='{item['published']}'></head>"
            f"<body><article><h1>{item['title']}</h1>{paragraphs}</article></body></html>", encoding="utf-8")
    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".rss": "application/rss+xml",
                          ".html": "text/html"}

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (site / "feed.rss").write_text(_rss(items, base), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"{base}/feed.rss\n", encoding="utf-8")
        result = run_cli("watch", "--feeds", str(feeds), "--times", "1", "--every", "1s", "--allow-private",
                         db=sqlite_url, check=True, timeout=300)
    finally:
        server.shutdown()
    assert "6 added" in result.stdout
    assert "[wg-energy]: missed → met_late" in result.stdout
    assert _deadline(sqlite_url, "wg-energy")["state"] == "met_late"


# --- incremental = full -------------------------------------------------------------------------

def _pool():
    from charterwatch.pipeline import read_paths, sample_news_folder

    raws = read_paths([sample_news_folder(), REPORTS])
    return sorted(raws, key=lambda r: r.source_key)


_EMBED = None


def _embed():
    global _EMBED
    if _EMBED is None:
        from charterwatch.dedup.embedding import PassageEmbedder

        _EMBED = PassageEmbedder()
    return _EMBED


def _state(workspace) -> dict:
    from sqlalchemy import select

    from charterwatch.store.schema import DocumentRow, EvidenceRow, ParagraphRow

    with workspace.transaction() as session:
        evidence = sorted(session.execute(
            select(EvidenceRow.agreement_id, DocumentRow.source_key, ParagraphRow.position, EvidenceRow.provision_id,
                   EvidenceRow.event_type, EvidenceRow.score)
            .join(ParagraphRow, ParagraphRow.id == EvidenceRow.paragraph_id)
            .join(DocumentRow, DocumentRow.id == ParagraphRow.document_id)).all())
        documents = session.execute(select(DocumentRow.source_key, DocumentRow.on_topic, DocumentRow.story_id)
                                    .where(DocumentRow.status == "accepted")).all()
        keys = dict(session.execute(select(DocumentRow.id, DocumentRow.source_key)).all())
    stories = sorted((sorted(keys[i] for i in s.document_ids), s.first_seen, s.last_seen, s.languages, s.sources)
                     for s in workspace.stories())
    return {"evidence": evidence, "on_topic": sorted((k, bool(t)) for k, t, _ in documents), "stories": stories}


def _ingest_batches(url: str, batches: list[list]) -> tuple[dict, dict]:
    from charterwatch.pipeline import ingest_raw_documents, monitor
    from charterwatch.text.language import LanguageIdentifier
    from charterwatch.workspace import Workspace

    with Workspace(url) as workspace:
        for batch in batches:
            ingest_raw_documents(workspace, batch, as_of=dt.date(2026, 12, 1), identifier=LanguageIdentifier(),
                                 embed=_embed())
            monitor(workspace, as_of=dt.date(2026, 12, 1), embed=_embed())
        incremental = _state(workspace)
        monitor(workspace, as_of=dt.date(2026, 12, 1), embed=_embed(), everything=True)
        full = _state(workspace)
    return incremental, full


@contextlib.contextmanager
def _store(kind: str):
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'store.db'}"
    else:
        with fresh_postgres() as url:
            yield url


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_incremental_cycles_equal_a_full_run(kind, data):
    pool = _pool()
    chosen = data.draw(st.lists(st.sampled_from(range(len(pool))), min_size=4, max_size=14, unique=True))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(chosen) - 1), max_size=3)))
    batches = [[pool[i] for i in chosen[a:b]] for a, b in zip([0, *cuts], [*cuts, len(chosen)])]
    with _store(kind) as url:
        incremental, full = _ingest_batches(url, batches)
    assert incremental == full


def test_kill_during_understanding_leaves_a_store_the_next_cycle_completes(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    run_cli("ingest", str(REPORTS), "--defer", db=url, check=True, timeout=300)
    from charterwatch.pipeline import sample_news_folder

    run_cli("ingest", str(sample_news_folder()), "--defer", db=url, check=True, timeout=300)
    # understand two documents a transaction, and kill the process once some (not all) are written
    script = (f"import datetime as dt, charterwatch.pipeline as p\n"
              f"from charterwatch.dedup.embedding import PassageEmbedder\n"
              f"from charterwatch.workspace import Workspace\n"
              f"p.UNDERSTAND_BATCH = 2\n"
              f"with Workspace({url!r}) as ws:\n"
              f"    p.monitor(ws, as_of=dt.date(2026, 12, 1), embed=PassageEmbedder())\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHARTERWATCH_")}
    process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=env)
    from charterwatch.workspace import Workspace

    with Workspace(url) as workspace:
        total = len(workspace.documents())
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and process.poll() is None:
            if 0 < total - workspace.waiting_documents() < total - 4:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the cycle ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait()
        understood = total - workspace.waiting_documents()
        assert 0 < understood < total
    result = run_cli("understand", db=url, check=True, timeout=300)
    assert f"Understood: {total - understood} documents" in result.stdout
    with Workspace(url) as workspace:
        assert workspace.waiting_documents() == 0
        resumed = _state(workspace)
    run_cli("understand", "--all", db=url, check=True, timeout=300)
    with Workspace(url) as workspace:
        assert _state(workspace) == resumed
