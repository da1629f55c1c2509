"""Briefings: `charterwatch report`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from charterwatch.cli.common import (
    AgreementOption,
    AsOfOption,
    DbOption,
    app,
    as_of_day,
    console,
    open_workspace,
    parse_date_option,
    settings_for,
)
from charterwatch.report.render import write_briefing


def default_briefing_path(agreement_id: str, as_of, fmt: str) -> Path:
    return Path(f"briefing-{agreement_id}-{as_of.isoformat()}.{fmt}")


@app.command("report")
def report_command(as_of: AsOfOption = None,
                   since: Annotated[str | None, typer.Option(
                       "--since", help="Report changes after this day (default: since the last briefing, else the signing)",
                       show_default=False)] = None,
                   fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or pdf (pdf needs Chromium)")] = "md",
                   output: Annotated[Path | None, typer.Option(
                       "--output", "-o", help="File to write (default: briefing-AGREEMENT-ASOF.FORMAT here)",
                       show_default=False)] = None,
                   db: DbOption = None, agreement: AgreementOption = None) -> None:
    """Write a briefing: what changed, deadlines due and missed, new evidence with citations, working groups, coverage.

    Example: charterwatch report --as-of 2026-05-11 --format pdf
    """
    settings = settings_for(db, agreement)
    day = as_of_day(as_of)
    start = parse_date_option(since, "--since")
    with open_workspace(settings) as workspace:
        a = workspace.agreement(settings.agreement)
        briefing = workspace.briefing(a, day, since=start, stall_after_days=settings.stall_after_days)
        target = output or default_briefing_path(a.id, day, fmt)
        written = write_briefing(briefing, target, fmt)
        workspace.record_briefing(a, day, briefing.since, fmt, str(written.resolve()))
    console.print(f"Briefing for {a.id} as of {day.isoformat()} (changes since {briefing.since.isoformat()}, "
                  f"{briefing.since_reason}): {written}")
