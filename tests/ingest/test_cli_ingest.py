"""The ingest-side commands as a user runs them: ingest, documents, document, language, watch."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading

from tests.conftest import FIXTURES, REPO, run_cli
from tests.test_cli import assert_one_line_error

FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Loopback Feed</title>
<item><title>Working group holds second session</title><link>http://127.0.0.1:{port}/a</link>
<pubDate>Wed, 21 Jan 2026 10:00:00 +0400</pubDate><description>Feed text.</description></item></channel></rss>"""
ARTICLE = ("<html><head><title>Second session</title></head><body><article>"
           "<p>Baku, 21 January 2026 — The working group set up by the memorandum held its second session in Baku, "
           "officials said, and reviewed the draft charter on strategic partnership ahead of a planned visit.</p>"
           "<p>Participants agreed to continue consultations; the group's first session took place in Washington.</p>"
           "</article></body></html>")


def test_ingest_folder_then_again_adds_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    folder = FIXTURES / "news"
    first = json.loads(run_cli("ingest", str(folder), "--json", db=db, check=True).stdout)
    assert (first["added"], first["rejected"], first["skipped_already_stored"]) == (3, 1, 0)
    assert first["rejections"][0]["reason"] == "too little text after cleaning (4 words)"
    second = json.loads(run_cli("ingest", str(folder), "--json", db=db, check=True).stdout)
    assert (second["added"], second["rejected"], second["skipped_already_stored"]) == (0, 0, 4)
    listed = json.loads(run_cli("documents", "--json", db=db, check=True).stdout)
    assert sorted(d["language"] for d in listed) == ["az", "en", "en"]
    copies = [d for d in listed if d["copy_of"]]
    assert [(d["copy_kind"], d["language"]) for d in copies] == [("translation", "en")]
    only_az = json.loads(run_cli("documents", "--language", "az", "--json", db=db, check=True).stdout)
    assert [d["language"] for d in only_az] == ["az"]
    shown = run_cli("document", str(copies[0]["id"]), db=db, check=True).stdout
    assert f"copy of #{copies[0]['copy_of']} (translation" in shown and "en " in shown


def test_ingest_bad_inputs(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    assert_one_line_error(run_cli("ingest", str(tmp_path / "nope"), db=db), f"{tmp_path / 'nope'}: no such file or folder")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    assert_one_line_error(run_cli("ingest", str(tmp_path / "x.pdf"), db=db), f"{tmp_path / 'x.pdf'}: unsupported file type '.pdf'")
    assert_one_line_error(run_cli("ingest", db=db), "ingest: name at least one file, folder, URL or --feed")
    result = run_cli("ingest", "http://127.0.0.1:9/article", "--json", db=db)
    assert result.returncode == 1
    assert result.stderr.strip() == "error: http://127.0.0.1:9/article: refusing non-public address 127.0.0.1 (use --allow-private to permit it)"
    assert json.loads(result.stdout)["added"] == 0


class _Site(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[str, str | None]] = []

    def do_GET(self):  # noqa: N802
        _Site.hits.append((self.path, self.headers.get("If-None-Match")))
        if self.path == "/rss" and self.headers.get("If-None-Match") == '"feed-1"':
            self.send_response(304)
            self.end_headers()
            return
        body = (FEED.format(port=self.server.server_address[1]) if self.path == "/rss" else ARTICLE).encode()
        self.send_response(200)
        self.send_header("content-type", "application/rss+xml" if self.path == "/rss" else "text/html; charset=utf-8")
        self.send_header("etag", '"feed-1"')
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_feed_and_watch_against_a_loopback_server(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    try:
        first = json.loads(run_cli("ingest", "--feed", f"{base}/rss", "--allow-private", "--json", db=db, check=True).stdout)
        assert first["added"] == 1
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"# our feeds\n{base}/rss\n")
        _Site.hits.clear()
        watched = run_cli("watch", "--feeds", str(feeds), "--every", "1s", "--times", "2", "--allow-private", db=db, check=True)
        assert watched.stdout.count("0 added") == 2
        assert _Site.hits == [("/rss", '"feed-1"'), ("/rss", '"feed-1"')]  # conditional GET, nothing refetched
        doc = json.loads(run_cli("documents", "--json", db=db, check=True).stdout)[0]
        assert (doc["published"], doc["date_source"], doc["url"]) == ("2026-01-21", "feed", f"{base}/a")
    finally:
        server.shutdown()
    assert_one_line_error(run_cli("watch", "--feeds", str(feeds), "--every", "soon", db=db), "--every 'soon': expected a duration")


def test_language_command_prints_json_lines(tmp_path):
    text = "Rabochaya\nРабочая группа провела второе заседание в Баку.\nİşçi qrup Bakıda ikinci iclasını keçirib.\n\n"
    result = subprocess.run([sys.executable, "-m", "charterwatch", "language", "-"], input=text, capture_output=True,
                            text=True, cwd=REPO, check=True)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["language"]) for r in rows] == [
        ("Rabochaya", "unknown"), ("Рабочая группа провела второе заседание в Баку.", "ru"),
        ("İşçi qrup Bakıda ikinci iclasını keçirib.", "az"), ("", "unknown")]
    assert rows[1]["confidence"] > 0.5
    assert_one_line_error(run_cli("language", str(tmp_path / "none.txt")), f"{tmp_path / 'none.txt'}: no such file")


class _Broken(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_bad_inputs_in_one_batch_do_not_stop_the_rest(tmp_path):
    """Empty, binary, oversized, legacy-encoded, a broken JSONL line, an unreachable URL, a feed answering 500."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "huge.html").write_bytes(b"<html><body>" + b"<p>word </p>" * (30 * 1024 * 1024 // 12) + b"</body></html>")
    (folder / "cp1251.txt").write_bytes(("Рабочая группа\n\nБаку, 21 января 2026 года — Рабочая группа провела второе заседание, "
                                         "сообщили официальные лица. Участники обсудили проект хартии и договорились "
                                         "продолжить консультации до визита на высоком уровне. В группу входят дипломаты и представители "
                                         "министерств обеих стран.").encode("cp1251"))
    (folder / "items.jsonl").write_text('{"title": "cut off", "text": \n', encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    try:
        result = run_cli("ingest", str(folder), "http://127.0.0.1:1/unreachable", "--feed", f"{base}/rss",
                         "--allow-private", "--json", db=db)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["added"] == 1
    assert sorted(r["reason"].split(" (")[0].split(";")[0] for r in summary["rejections"]) == [
        "binary file, not text", "empty input", "file is 30.0 MiB", "items.jsonl: line 1: Expecting value: line 1 column 30"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("error: http://127.0.0.1:1/unreachable: ConnectError")
    assert errors[1] == f"error: {base}/rss: HTTP 500"
    only_failures = run_cli("ingest", "http://127.0.0.1:1/unreachable", "--allow-private", db=db)
    assert only_failures.returncode == 1 and only_failures.stderr.count("\n") == 1
