"""Back-fill: web archives and news dumps, on an engine."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

from charterwatch import terminal
from charterwatch.agreement.duration import plural
from charterwatch.cli.common import DbOption, JsonOption, app, console, open_workspace, settings_for, today


@contextmanager
def _shard_bar(enabled: bool, total: int):
    """Shards written, then documents understood; silent off a terminal or with --json."""
    if not (enabled and console.is_terminal):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        tasks = {"shards": bar.add_task("back-fill shards", total=total)}

        def update(stage: str, done: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=None)
            bar.update(tasks[stage], completed=done)

        yield update


@app.command("backfill")
def backfill_command(sources: Annotated[list[str], typer.Argument(help="WARC (.warc, .warc.gz) and JSONL (.jsonl, .jsonl.gz, .ndjson) files, folders or globs")],
                     engine: Annotated[str, typer.Option("--engine", help="Where the tasks run: local (this process), dask or ray")] = "local",
                     address: Annotated[str | None, typer.Option("--address", help="A running cluster's scheduler (dask: tcp://host:8786; ray: host:6379 or auto); none starts a local one")] = None,
                     workers: Annotated[int | None, typer.Option("--workers", min=1, help="Worker processes of a local Dask or Ray cluster (default: the machine's cores)")] = None,
                     defer: Annotated[bool, typer.Option("--defer", help="Only store and find copies: leave understanding to `charterwatch understand`")] = False,
                     db: DbOption = None, json_out: JsonOption = False) -> None:
    """Back-fill years of news: read WARC and JSONL shards on an engine (extract, clean, date,
    languages, relevance, embeddings), store them in batches (a re-run adds nothing), find copies
    across shards (band keys joined on the engine), then understand and assess what came in.

    Example: charterwatch backfill crawl/*.warc.gz dumps/ --engine dask --db postgresql://team@db/charterwatch
    """
    from charterwatch.backfill import backfill, open_engine, plan_shards
    from charterwatch.dedup.embedding import PassageEmbedder

    shards = plan_shards(sources)
    settings = settings_for(db)
    chosen = open_engine(engine, address=address, workers=workers)
    try:
        with open_workspace(settings) as workspace, _shard_bar(not json_out, len(shards)) as progress:
            report = backfill(workspace, shards, engine=chosen, as_of=today(), embed=PassageEmbedder(), defer=defer,
                              progress=progress)
    finally:
        chosen.close()
    if json_out:
        terminal.print_json(console, report.as_dict())
    else:
        console.print(f"[bold]Back-fill[/]: {plural(report.shards, 'shard')} on {report.engine} ({plural(report.workers, 'worker')}) in "
                      f"{report.seconds['total']:.1f} s", highlight=False)
        console.print(terminal.ingest_summary(report.ingest))
        errors = Console(stderr=True, soft_wrap=True)
        for _, name, reason in report.ingest.rejected:
            errors.print(f"rejected: {name}: {reason}", markup=False, highlight=False)
        if report.cycle is not None:
            terminal.cycle_summary(console, report.cycle)
        else:
            console.print("[bold]Understanding[/]: deferred (--defer); run `charterwatch understand`", highlight=False)
    if not (report.ingest.added or report.ingest.rejected or report.ingest.skipped):
        raise typer.Exit(1)
