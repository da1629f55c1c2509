"""The main job: `charterwatch run`."""


from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from charterwatch import terminal
from charterwatch.cli.common import (
    AgreementOption,
    AsOfOption,
    DbOption,
    JsonOption,
    app,
    as_of_day,
    console,
    open_workspace,
    print_deadlines,
    progress_bar,
    settings_for,
)
from charterwatch.dedup.embedding import PassageEmbedder
from charterwatch.pipeline import run_main_job
from charterwatch.report.render import write_briefing
from charterwatch.settings import default_database_url
from charterwatch.text.language import LanguageIdentifier

# --- main job -------------------------------------------------------------------------------


@app.command("run")
def run_command(db: DbOption = None, agreement: AgreementOption = None, as_of: AsOfOption = None,
                briefing_dir: Annotated[Path | None, typer.Option(
                    "--briefing-dir", help="Where to write the briefing (env CHARTERWATCH_BRIEFINGS; default: "
                                           "briefings/ in your data dir)", show_default=False)] = None,
                json_out: JsonOption = False) -> None:
    """Run the main job: set up the store, load the bundled agreements, ingest the bundled sample news,
    understand it, assess every provision, show what came in, the deadlines and the status, and write
    a briefing (Markdown and HTML).

    Example: charterwatch run --as-of 2026-05-11
    """
    settings = settings_for(db, agreement)
    day = as_of_day(as_of)
    folder = briefing_dir or settings.briefing_dir
    with open_workspace(settings) as workspace, progress_bar(json_out) as progress:
        result = run_main_job(workspace, agreement_ref=settings.agreement, as_of=day,
                              identifier=LanguageIdentifier(),
                              embed=PassageEmbedder(), progress=progress.callback)
        documents = workspace.documents(include_rejected=True)
        briefing = workspace.briefing(result.agreement, day, stall_after_days=settings.stall_after_days)
        written = [write_briefing(briefing, folder / f"briefing-{result.agreement.id}-{day.isoformat()}.{fmt}", fmt)
                   for fmt in ("md", "html")]
        workspace.record_briefing(result.agreement, day, briefing.since, "html", str(written[1].resolve()))
    if json_out:
        terminal.print_json(console, {"agreements": result.loaded, "ingest": result.ingest.as_dict(),
                                      "understand": result.understanding.as_dict() if result.understanding else None,
                                      "deadlines": result.deadlines, "briefing": [str(p) for p in written]})
        return
    url = workspace.engine.url.render_as_string(hide_password=True)
    console.print(f"[bold]Store[/]: {url}")
    loaded = ", ".join(f"{k} ({v})" for k, v in result.loaded.items())
    console.print(f"[bold]Agreements[/]: {loaded}")
    added = set(result.ingest.added) | {i for i, *_ in result.ingest.rejected}
    console.print(terminal.documents_table([d for d in documents if d["id"] in added] or documents,
                                           title="Sample news in the store"))
    console.print(terminal.ingest_summary(result.ingest))
    if result.understanding is not None:
        u = result.understanding
        console.print(f"[bold]Understand[/]: {u.evidence} evidence links from {u.candidates} of {u.paragraphs} "
                      f"paragraphs; {u.on_topic} documents on topic, {u.off_topic} off topic; {u.stories} stories; "
                      f"{u.proposed_entities} new names proposed")
    a = result.agreement
    console.print(f"[bold]{a.title}[/] — signed {a.agreement.signed.isoformat()}"
                  f"{' in ' + a.agreement.place if a.agreement.place else ''}; "
                  f"{len(a.provisions)} provisions in {len(a.sections)} sections, {len(a.bodies)} bodies")
    print_deadlines(a, result.deadlines, day)
    from charterwatch.cli.assessment import status_command  # the same table as `charterwatch status`

    status_command(as_of=day.isoformat(), section=None, db=settings.database_url, agreement=settings.agreement, json_out=False)
    console.print(f"[bold]Briefing[/]: {written[1].resolve()} (and .md beside it); "
                  f"`charterwatch report --format pdf` prints one to PDF.")
    db_option = "" if settings.database_url == default_database_url() else f" --db {settings.database_url}"
    console.print(f"[bold]Dashboard[/]: run `charterwatch serve{db_option}` and open http://127.0.0.1:8000/"
                  f"?as_of={day.isoformat()} in a browser (the JSON API is under /api/, described at /openapi.json).")
    console.print("Next: `charterwatch documents`, `charterwatch ingest PATH|URL`, or "
                  "`charterwatch record roadmap --body BODY --date YYYY-MM-DD --source URL --text ...`.")


