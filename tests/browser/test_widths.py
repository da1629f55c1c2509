"""Every dashboard page fits a phone (390 px) and a laptop (1280 px): the page never scrolls
sideways (wide tables become stacked cards on a phone; charts scale) and chart labels stay
readable. Screenshots of every page at both widths go to test-artifacts/browser/widths."""

from __future__ import annotations

import pytest

from tests.browser.test_dashboard import ARTIFACTS, browser, chromium_path, server  # noqa: F401 - fixtures

WIDTHS = (390, 1280)
PAGES = ["/", "/provisions/connectivity.tripp", "/provisions/mechanism.priority_projects_roadmaps", "/deadlines",
         "/groups", "/groups/wg-energy", "/documents", "/documents/1", "/stories", "/entities", "/entities/tripp",
         "/codebook", "/provisions/no.such", "/?agreement=az-us-mou-2025"]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(server, browser, width):  # noqa: F811
    base, _ = server
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    wide, small = [], []
    try:
        for path in PAGES:
            page.goto(base + path)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                wide.append(f"{path}: {scroll} px")
            # chart labels: the rendered size of every SVG text
            tiny = page.evaluate("""() => Array.from(document.querySelectorAll('svg text'))
                .map(t => t.getBoundingClientRect().height).filter(h => h > 0 && h < 11).length""")
            if tiny:
                small.append(f"{path}: {tiny} chart labels under 11 px")
            folder = ARTIFACTS / "widths"
            folder.mkdir(parents=True, exist_ok=True)
            name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "overview"
            page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    finally:
        page.close()
    assert not wide, f"at {width} px these pages scroll sideways: {wide}"
    assert not small, f"at {width} px: {small}"
