"""Dashboard pages rendered by the real app over a copy of the sample store (in-process client)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from charterwatch.api import create_app
from charterwatch.text.model import CleanDocument, Paragraph
from charterwatch.workspace import Workspace
from tests.conftest import copy_store

DAY = dt.date(2026, 5, 11)
ROADMAPS = "mechanism.priority_projects_roadmaps"


@pytest.fixture(scope="module")
def workspace(sample_workspace):
    return sample_workspace


@pytest.fixture(scope="module")
def client(workspace):
    return TestClient(create_app(workspace, token="s3cret", today=lambda: DAY))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_overview_shows_sections_share_deadlines_and_changes(client, workspace):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    words = text_of(page.text)
    for section in workspace.agreement().sections:
        assert section.title in words
    assert re.search(r'id="delivered-share">0%', page.text)
    assert "0 of 23 provisions with a deliverable delivered (0%); 6 reaffirmations and recurring meetings not counted" in words
    alerts = page.text[page.text.index('id="alerts"'):page.text.index("</table>", page.text.index('id="alerts"'))]
    assert alerts.count(">missed<") == 4
    assert "What changed from 2026-05-04 to 2026-05-11" in words
    changes = page.text[page.text.index('id="changes"'):]
    assert "the deadline of 2026-05-10 passed without delivery" in changes[:changes.index("</table>")]
    # the same store a month earlier: nothing missed yet, and the roadmaps are due soon
    earlier = client.get("/", params={"as_of": "2026-04-15"}).text
    alerts = earlier[earlier.index('id="alerts"'):earlier.index("</table>", earlier.index('id="alerts"'))]
    assert ">missed<" not in alerts and alerts.count(">due soon<") == 4


def test_provision_page_has_a_chart_history_and_quotes_with_copies_folded(client, workspace):
    page = client.get("/provisions/connectivity.tripp")
    assert page.status_code == 200
    assert page.text.count("<svg") == 1 and "<circle" in page.text
    quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", page.text, re.S)
    evidence = workspace.evidence(workspace.agreement(), "connectivity.tripp")
    assert len(quotes) == len(evidence)     # every passage shown once: originals, and copies inside <details>
    assert 'class="copies"' in page.text and "copies of this report" in page.text
    first_original = next(e for e in evidence if e.copy_of is None)
    assert first_original.outlet in page.text
    per_group = client.get(f"/provisions/{ROADMAPS}").text
    assert per_group.count("<svg") == 5     # the provision as a whole and each of the four working groups


def test_deadlines_groups_documents_stories_entities(client):
    deadlines = client.get("/deadlines").text
    assert "<svg" in deadlines and deadlines.count(">missed<") == 4
    group = text_of(client.get("/groups/wg-energy").text)
    assert "Working group on energy" in group and "Add a record" in group and "No roadmap recorded" in group
    az = client.get("/documents", params={"language": "az"}).text
    languages = set(re.findall(r'data-language="(\w+)"', az))
    assert languages == {"az"}
    searched = client.get("/documents", params={"q": "TRIPP"}).text
    assert 0 < len(re.findall(r"data-language=", searched)) < 35
    first = set(re.findall(r'href="/documents/(\d+)"', client.get("/documents").text))
    second = set(re.findall(r'href="/documents/(\d+)"', client.get("/documents", params={"page": 2}).text))
    assert first and not (first & second)
    assert "<table id=\"stories\">" in client.get("/stories").text
    assert "<table id=\"stories\">" not in client.get("/stories", params={"q": "no-such-words-anywhere"}).text
    entity = text_of(client.get("/entities/jd-vance").text)
    assert "JD Vance" in entity and "Name variants" in entity


@pytest.mark.parametrize("path, status, message", [
    ("/provisions/nope.nope", 404, "provision 'nope.nope': not in agreement"),
    ("/groups/wg-space", 404, "working group 'wg-space'"),
    ("/documents/99999", 404, "document 99999: no such document"),
    ("/?as_of=yesterday", 400, "as_of 'yesterday': not a date"),
    ("/no/such/page", 404, "/no/such/page: no such page"),
])
def test_errors_are_pages(client, path, status, message):
    response = client.get(path)
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    assert message in response.text.replace("&#39;", "'")
    assert '<a href="/deadlines' in response.text and '<a href="/codebook' in response.text   # the navigation stays


def test_an_error_page_keeps_what_still_works(client):
    """Its links keep a good agreement and day, never the value that failed."""
    missing = client.get("/provisions/nope.nope", params={"agreement": "az-us-mou-2025", "as_of": "2026-05-11"}).text
    assert 'href="/deadlines?agreement=az-us-mou-2025&amp;as_of=2026-05-11"' in missing
    bad_day = client.get("/deadlines", params={"agreement": "az-us-mou-2025", "as_of": "someday"})
    assert bad_day.status_code == 400
    assert 'href="/deadlines?agreement=az-us-mou-2025"' in bad_day.text and "someday" not in bad_day.text.split("<main>")[0]
    bad_agreement = client.get("/deadlines", params={"agreement": "nope", "as_of": "2026-05-11"})
    assert bad_agreement.status_code == 404 and 'href="/deadlines?as_of=2026-05-11"' in bad_agreement.text


def test_adding_a_record_needs_the_token(client, workspace):
    form = {"kind": "roadmap", "date": "2026-05-02", "provision_id": ROADMAPS, "source": "minutes of 2 May",
            "text": "Roadmap with five priority projects adopted.", "by": "energy secretariat"}
    refused = client.post("/groups/wg-energy/records", data={**form, "token": "wrong"})
    assert refused.status_code == 401 and "the record was not added" in refused.text
    assert 'value="minutes of 2 May"' in refused.text     # what was typed is kept
    assert workspace.records(workspace.agreement()) == []
    bad = client.post("/groups/wg-energy/records", data={**form, "date": "2026-13-40", "token": "s3cret"})
    assert bad.status_code == 400 and "date" in bad.text
    made = client.post("/groups/wg-energy/records", data={**form, "token": "s3cret"}, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/groups/wg-energy?added=")
    page = client.get(made.headers["location"]).text
    assert "Roadmap with five priority projects adopted." in page and 'id="added"' in page
    assert "delivered" in text_of(client.get("/groups").text)
    read_only = TestClient(create_app(workspace, token=None, today=lambda: DAY))
    assert read_only.post("/groups/wg-energy/records", data={**form, "token": "s3cret"}).status_code == 403


def test_article_text_is_always_escaped(sample_store, tmp_path):
    hostile = '<script>alert("x")</script> Charter working group on energy met <img src=x onerror="alert(1)"> in Baku.'
    with Workspace(copy_store(sample_store, tmp_path)) as ws:
        document_id = ws.store_document(CleanDocument(
            source_key="hostile", input_format="text", origin="test", url="https://example.org/x",
            outlet='Evil "Outlet" <b>', title="<script>t()</script>", text=hostile,
            paragraphs=[Paragraph(position=0, text=hostile, language="en", confidence=1.0, start_char=0,
                                  end_char=len(hostile))],
            language="en", language_shares={"en": 1.0}, language_spans=[], published=DAY, date_source="given"))
        client = TestClient(create_app(ws, token=None, today=lambda: DAY))
        pages = [client.get(f"/documents/{document_id}").text, client.get("/documents").text,
                 client.get("/documents", params={"q": "<script>"}).text]
        for html in pages:
            assert "<script>" not in html and "<img" not in html and 'onerror="' not in html
            assert "&lt;script&gt;" in html


@pytest.mark.parametrize("path", ["/?as_of=0001-01-03", "/deadlines?as_of=9999-12-31", "/documents?date_from=0001-01-01",
                                  "/documents?page=99999999999999999999", "/documents?sort=nope", "/documents/99999999999999999999"])
def test_extreme_input_is_refused_not_a_crash(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404) and "error" in response.text


PAGES = ["/", "/provisions/connectivity.tripp", "/provisions/mechanism.priority_projects_roadmaps", "/deadlines", "/groups",
         "/groups/wg-energy", "/documents", "/documents/1", "/stories", "/entities", "/entities/jd-vance"]


@pytest.mark.parametrize("query", [{"as_of": "1900-01-01"}, {"as_of": "2999-12-31"}, {"as_of": "2026-02-10"},
                                   {"agreement": "az-us-mou-2025"}])
def test_every_page_answers_on_any_day_and_agreement(client, query):
    for path in PAGES:
        if query.get("agreement") == "az-us-mou-2025" and path.startswith(("/provisions/", "/groups/")):
            continue                                      # those ids belong to the Charter
        response = client.get(path, params=query)
        assert response.status_code == 200, (path, query, response.text[:300])


@pytest.mark.parametrize("params", [{"q": "100%_\\"}, {"language": "xx"}, {"outlet": "<b>"}, {"originals": "true"},
                                    {"date_from": "2026-03-01", "date_to": "2026-02-01"}])
def test_document_filters_take_odd_input(client, params):
    response = client.get("/documents", params=params)
    assert response.status_code == 200 and "<b>" not in response.text.split("<main>")[1]


def test_documents_are_newest_first_sortable_and_faceted(client):
    html = client.get("/documents").text
    dates = re.findall(r"<tr data-language=\"\w+\"><td>(\d{4}-\d\d-\d\d|undated)</td>", html)
    dated = [d for d in dates if d != "undated"]
    assert dated and dated == sorted(dated, reverse=True)          # newest first
    assert dates[len(dated):] == ["undated"] * (len(dates) - len(dated))   # undated ones last
    oldest = re.findall(r"<tr data-language=\"\w+\"><td>(\d{4}-\d\d-\d\d)</td>", client.get("/documents?sort=oldest").text)
    assert oldest == sorted(oldest)
    by_language = re.findall(r'<tr data-language="(\w+)">', client.get("/documents?sort=language").text)
    assert by_language == sorted(by_language)
    facets = html.split('id="facets"')[1].split("</div>")[0]
    counts = dict(re.findall(r">(en|ru|az|tr)</a> \((\d+)\)", facets))
    assert set(counts) == {"en", "ru", "az", "tr"}
    only_az = client.get("/documents", params={"language": "az"}).text
    assert re.findall(r'<tr data-language="(\w+)">', only_az) == ["az"] * int(counts["az"])
    assert "With evidence of" in facets


def test_entity_pages_list_document_titles_and_dates(client):
    html = client.get("/entities/tripp").text
    section = html.split('id="documents"')[1]
    rows = re.findall(r'<a href="/documents/(\d+)[^"]*">([^<]+)</a></td><td>(\d{4}-\d\d-\d\d|undated)', section)
    assert rows and all(title.strip() for _, title, _ in rows)


def test_the_overview_filters_provisions_by_status_with_counts(client):
    html = client.get("/").text
    facets = html.split('id="facets"')[1].split("</div>")[0]
    counts = {status: int(n) for status, n in re.findall(r'status=(\w+)[^>]*>[^<]+</a> \((\d+)\)', facets)}
    every = re.findall(r'<tr data-provision="[^"]+" data-body="[^"]*" data-status="(\w+)">', html)
    assert len(counts) >= 2 and sum(counts.values()) == len(every)
    for status, n in counts.items():
        shown = re.findall(r'data-status="(\w+)">', client.get("/", params={"status": status}).text)
        assert shown == [status] * n
    data = client.get("/index.json", params={"status": "announced"}).json()
    assert data["chosen_status"] == "announced" and ["announced", counts["announced"]] in data["facets"]["status"]
    bad = client.get("/", params={"status": "finished"})
    assert bad.status_code == 400 and "expected one of no_evidence, announced" in bad.text
