"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against uvicorn on loopback.

Playwright never downloads a browser here: it launches the system's ``chromium`` (installed by
``scripts/install-browser``, part of the test command). Screenshots go to ``test-artifacts/browser``
(or ``$CHARTERWATCH_ARTIFACTS``).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from charterwatch.api import create_app
from charterwatch.report.render import CHROMIUM_FLAGS, find_chromium
from charterwatch.workspace import Workspace
from tests.conftest import REPO, copy_store, served

DAY = dt.date(2026, 5, 11)
TOKEN = "browser-s3cret"
ARTIFACTS = Path(os.environ.get("CHARTERWATCH_ARTIFACTS", REPO / "test-artifacts")) / "browser"


@pytest.fixture(scope="module")
def chromium_path() -> str:
    found = find_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI: the test command installs Debian's chromium")
        pytest.skip("no Chromium here (bash scripts/install-browser)")
    return found


@pytest.fixture(scope="module")
def server(sample_store, tmp_path_factory):
    workspace = Workspace(copy_store(sample_store, tmp_path_factory.mktemp("browser")))
    with served(create_app(workspace, token=TOKEN, today=lambda: DAY)) as base:
        yield base, workspace
    workspace.close()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path, headless=True, viewport={"width": 1280, "height": 900},
            args=[flag for flag in CHROMIUM_FLAGS if flag not in ("--headless", "--no-pdf-header-footer")])
        yield context
        context.close()


@pytest.fixture
def page(browser, request):
    page = browser.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    page.close()


def test_overview_then_a_provision_and_its_evidence(server, page):
    base, _ = server
    page.goto(base + "/")
    assert page.locator("#delivered-share").inner_text() == "0%"
    assert page.locator("#alerts .status", has_text="missed").count() == 4
    page.locator("table.provisions a", has_text="Trump Route (TRIPP)").first.click()
    page.wait_for_url("**/provisions/connectivity.tripp**")
    assert page.locator("h1").inner_text() == "Trump Route (TRIPP)"
    assert page.locator("svg.chart").count() == 1
    quotes = page.locator(".evidence > blockquote")
    assert quotes.count() >= 2 and "TRIPP" in quotes.first.inner_text()
    copies = page.locator("details.copies").first
    assert not copies.locator("blockquote").first.is_visible()       # folded until asked
    copies.locator("summary").click()
    assert copies.locator("blockquote").first.is_visible()


def test_filter_documents_by_language(server, page):
    base, _ = server
    page.goto(base + "/documents")
    everything = page.locator("#documents tr[data-language]").count()
    page.select_option("#language", "ru")
    page.locator("#document-filters button[type=submit]").click()
    page.wait_for_url("**language=ru**")
    languages = page.locator("#documents tr[data-language]").evaluate_all("rows => rows.map(r => r.dataset.language)")
    assert languages and set(languages) == {"ru"} and len(languages) < everything


def test_adding_a_record_without_the_token_fails(server, page):
    base, workspace = server
    page.goto(base + "/groups/wg-security-defence")
    fill_record(page, token="")
    page.wait_for_selector("#form-error")
    assert "token is missing or wrong" in page.locator("#form-error").inner_text()
    assert page.locator("#records").inner_text() == "No records yet."
    assert workspace.records(workspace.agreement(), body_id="wg-security-defence") == []


def test_adding_a_record_with_the_token_shows_it(server, page):
    base, workspace = server
    page.goto(base + "/groups/wg-security-defence")
    fill_record(page, token=TOKEN)
    page.wait_for_selector("#added")
    assert "Demining roadmap adopted" in page.locator("#records").inner_text()
    # the group as a body is in progress; its roadmap is delivered, on time
    assert page.locator("h1 + p .status").all_inner_texts() == ["in progress", "delivered", "met"]
    assert [r.text for r in workspace.records(workspace.agreement(), body_id="wg-security-defence")] == [
        "Demining roadmap adopted with three priority projects."]


def fill_record(page, *, token: str) -> None:
    page.select_option("select[name=kind]", "roadmap")
    page.fill("input[name=date]", "2026-05-06")
    page.select_option("select[name=provision_id]", "mechanism.priority_projects_roadmaps")
    page.fill("textarea[name=text]", "Demining roadmap adopted with three priority projects.")
    page.fill("input[name=source]", "secretariat minutes, 6 May 2026")
    page.fill("input[name=by]", "security secretariat")
    page.fill("input[name=token]", token)
    page.locator("form.record button[type=submit]").click()
