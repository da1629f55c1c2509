"""A :class:`Briefing` as Markdown, HTML or PDF.

The PDF is the HTML printed by headless Chromium (Debian's ``chromium``, or the browser named by
``CHARTERWATCH_CHROMIUM``): the same engine the dashboard is tested in, so what a reader prints
and what the PDF shows agree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from charterwatch.errors import CharterwatchError
from charterwatch.report.briefing import Briefing
from charterwatch.web.charts import DUE_COLOURS, STATUS_COLOURS

FORMATS = ("md", "html", "pdf")
#: Flags for a headless Chromium that must not reach the network or keep a profile.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer")

_templates = Environment(loader=PackageLoader("charterwatch.report", "templates"),
                         autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
_templates.filters["label"] = lambda value: (value or "").replace("_", " ")


def to_markdown(briefing: Briefing) -> str:
    return _templates.get_template("briefing.md").render(b=briefing).rstrip() + "\n"


def to_html(briefing: Briefing) -> str:
    return _templates.get_template("briefing.html").render(b=briefing, colours=STATUS_COLOURS, due_colours=DUE_COLOURS)


def find_chromium() -> str | None:
    named = os.environ.get("CHARTERWATCH_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, target: Path, *, timeout: float = 120) -> None:
    """Print ``html`` to ``target`` with headless Chromium; the file appears whole or not at all."""
    browser = find_chromium()
    if browser is None:
        raise CharterwatchError("--format pdf: needs Chromium (apt-get install chromium) or CHARTERWATCH_CHROMIUM "
                                "naming a Chromium binary")
    with tempfile.TemporaryDirectory(prefix="charterwatch-pdf-") as work:
        page, partial = Path(work) / "briefing.html", Path(work) / "briefing.pdf"
        page.write_text(html, encoding="utf-8")
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={Path(work) / 'profile'}", f"--print-to-pdf={partial}",
                   page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise CharterwatchError(f"--format pdf: Chromium did not finish within {timeout:.0f} s") from None
        if done.returncode != 0 or not partial.is_file() or partial.read_bytes()[:5] != b"%PDF-":
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise CharterwatchError(f"--format pdf: Chromium failed (exit {done.returncode}): {last}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(partial), str(target))


def write_briefing(briefing: Briefing, target: Path, fmt: str) -> Path:
    """Write ``briefing`` to ``target`` in ``fmt`` (md, html or pdf); returns the path written."""
    if fmt not in FORMATS:
        raise CharterwatchError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "pdf":
        html_to_pdf(to_html(briefing), target)
        return target
    text = to_markdown(briefing) if fmt == "md" else to_html(briefing)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return target
