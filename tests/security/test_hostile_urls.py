"""A stored URL is data, not a link: news whose `url` is `javascript:`, `data:` or `file:` (any case,
leading space) is shown as text on every page; and every response carries the security headers."""

from __future__ import annotations

import json
import re

import httpx

from charterwatch.api import create_app
from charterwatch.workspace import Workspace
from tests.conftest import run_cli, served

HOSTILE = ["javascript:alert(1)", " JaVaScRiPt:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
           "vbscript:msgbox(1)", "file:///etc/passwd", "\tjavascript:alert(2)"]
TEXT = ("Azerbaijan and the United States signed the Charter on Strategic Partnership in Baku on 10 February 2026. "
        "The two countries will develop the Middle Corridor and the Trump Route (TRIPP), officials said.")
HREF = re.compile(r'href="([^"]*)"')


def test_hostile_urls_never_become_links_and_headers_are_set(tmp_path, sqlite_url):
    feed = tmp_path / "hostile.jsonl"
    feed.write_text("\n".join(json.dumps({"url": url, "title": f"Charter report {n}", "published": "2026-02-11",
                                          "outlet": f"Outlet {n}", "text": f"{TEXT} Item {n} of the batch."})
                              for n, url in enumerate(HOSTILE)) + "\n", encoding="utf-8")
    run_cli("ingest", str(feed), db=sqlite_url, check=True)
    with Workspace(sqlite_url) as workspace:
        documents = [d["id"] for d in workspace.documents()]
        provisions = [p.id for p in workspace.agreement().provisions]
        stored = {d["url"] for d in workspace.documents()}
        with served(create_app(workspace, token=None)) as base:
            pages = ["/", "/deadlines", "/groups", "/documents", "/stories", "/entities", "/codebook"]
            pages += [f"/documents/{i}" for i in documents] + [f"/provisions/{p}" for p in provisions]
            seen_text = 0
            for path in pages:
                response = httpx.get(base + path)
                assert response.status_code == 200, path
                assert response.headers["x-content-type-options"] == "nosniff"
                assert response.headers["x-frame-options"] == "DENY"
                assert "script-src 'none'" in response.headers["content-security-policy"]
                assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
                assert response.headers["referrer-policy"] == "no-referrer"
                for href in HREF.findall(response.text):
                    href = href.replace("&amp;", "&")
                    assert href.startswith(("/", "?", "#", "http://", "https://")), (path, href)
                seen_text += response.text.count("source: <code>")
            api = httpx.get(base + "/api/provisions")
            assert api.headers["x-content-type-options"] == "nosniff"
    assert any(u and "javascript" in u.lower() for u in stored)     # kept as data, shown as text
    assert seen_text >= len(documents)


def test_agreements_are_ids_over_http_never_paths(tmp_path, sqlite_url):
    """`?agreement=` names a stored (or bundled) agreement; a path is not read, stored, or told apart
    from a missing one, and long or odd values are 404, never 500."""
    secret = tmp_path / "private.yaml"
    secret.write_text((__import__("charterwatch.agreement.bundled", fromlist=["x"])
                       .bundled_agreement_text("az-us-mou-2025")).replace("az-us-mou-2025", "private-one"), encoding="utf-8")
    with Workspace(sqlite_url) as workspace:
        workspace.load_bundled_agreements()
        with served(create_app(workspace, token=None)) as base:
            answers = {}
            for value in (str(secret), "/etc/shadow", "/no/such/file.yaml", "../" * 30 + "etc/passwd", "x" * 300,
                          "az-us-charter-2026/../../etc", "Az-Us", "%00"):
                for path in ("/api/provisions", "/", "/deadlines"):
                    response = httpx.get(base + path, params={"agreement": value})
                    assert response.status_code == 404, (path, value, response.status_code)
                    answers.setdefault(path, set()).add(
                        response.text.replace(value[:40], "VALUE").split("(known")[0] if path.startswith("/api") else "")
            assert httpx.get(base + "/api/provisions", params={"agreement": "az-us-mou-2025"}).status_code == 200
        assert "private-one" not in {a.id for a in workspace.agreements()}
    assert not any("private.yaml" in a or "shadow" in a for a in answers["/api/provisions"])


def test_tokens_any_text_and_only_bearer(sqlite_url):
    token = "sécret-токен-✓"
    record = {"kind": "meeting", "date": "2026-03-01", "provision_id": "mechanism.priority_projects_roadmaps",
              "body_id": "wg-energy", "source": "https://example.org/minutes", "text": "The group met."}
    with Workspace(sqlite_url) as workspace:
        workspace.load_bundled_agreements()
        with served(create_app(workspace, token=token)) as base:
            def post(header: bytes | None):
                headers = [(b"content-type", b"application/json")] + ([(b"authorization", header)] if header else [])
                return httpx.post(base + "/api/records", content=json.dumps(record), headers=headers)
            assert post(token.encode()).status_code == 401                      # no scheme: refused
            assert post(b"Basic " + token.encode()).status_code == 401
            assert post(b"Bearer wrong").status_code == 401
            assert post(b"Bearer \xff\xfe").status_code == 401                    # odd bytes: 401, not 500
            assert post(None).status_code == 401
            assert post(b"Bearer " + token.encode()).status_code == 201
            assert post(b"bearer " + token.encode()).status_code == 201          # the scheme is case-blind
