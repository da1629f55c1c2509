"""Reading news: ingest, watch, language, documents."""


from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from charterwatch import terminal
from charterwatch.cli.common import (
    DbOption,
    JsonOption,
    app,
    console,
    open_workspace,
    progress_bar,
    settings_for,
    today,
    understanding_bar,
)
from charterwatch.dedup.embedding import PassageEmbedder
from charterwatch.errors import CharterwatchError
from charterwatch.ingest.fetch import Fetcher
from charterwatch.ingest.sources import collect, is_url
from charterwatch.pipeline import CycleReport, IngestReport, ingest_raw_documents, monitor
from charterwatch.text.language import LanguageIdentifier
from charterwatch.workspace import Workspace

# --- ingest ---------------------------------------------------------------------------------

#: Rows of the "Ingested" table: a bulk import of a million lines is summed up, not printed.
SHOWN_ROWS = 50


def _cycle(workspace: Workspace, report: IngestReport, *, defer: bool, json_out: bool,
           embed: PassageEmbedder) -> CycleReport:
    """Understand what came in and assess every agreement (the monitoring cycle), unless deferred."""
    if defer:
        return CycleReport(None, deferred=True)
    with understanding_bar(not json_out) as progress:
        return monitor(workspace, as_of=today(), embed=embed, progress=progress)


def _ingest(workspace: Workspace, inputs: list[str], feeds: list[str], *, allow_private: bool,
            json_out: bool, embed: PassageEmbedder | None = None) -> tuple[IngestReport, list[str]]:
    """Collect, clean, store and deduplicate; feed state is saved only after its items are stored."""
    fetcher = Fetcher.default(allow_private=allow_private) if (feeds or any(is_url(i) for i in inputs)) else None
    try:
        collected = collect(inputs, feeds, fetcher=fetcher, stdin=sys.stdin.buffer if "-" in inputs else None,
                            feed_states={url: workspace.feed_state(url) for url in feeds})
    finally:
        if fetcher is not None:
            fetcher.close()
    with progress_bar(json_out) as progress:
        report = ingest_raw_documents(workspace, collected.documents, as_of=today(), identifier=LanguageIdentifier(),
                                      embed=embed or PassageEmbedder(), progress=progress.callback)
    for url, state in collected.feed_states.items():
        workspace.save_feed_state(url, state)
    report.warnings.extend(collected.warnings)
    return report, collected.failures


@app.command("ingest")
def ingest_command(inputs: Annotated[list[str] | None, typer.Argument(help="Files, folders, http(s) URLs, or - (JSON lines on standard input)")] = None,
                   feed: Annotated[list[str] | None, typer.Option("--feed", help="RSS/Atom feed URL (repeatable)")] = None,
                   allow_private: Annotated[bool, typer.Option("--allow-private", help="Permit loopback/private addresses")] = False,
                   defer: Annotated[bool, typer.Option("--defer", help="Only store: leave understanding and assessment to a later `charterwatch understand`")] = False,
                   db: DbOption = None, json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary instead of tables.")] = False) -> None:
    """Read news: files (.html, .txt, .md, .jsonl/.ndjson, .jsonl.gz, .rss), folders, URLs, feeds and JSON
    lines on standard input (-), streamed (the size cap is per item); clean, date, detect
    languages, store each document, find copies; then understand what came in (names, relevance,
    evidence, on-topic flags, stories), assess every agreement, and say which statuses and deadlines changed.

    Example: charterwatch ingest news/ https://example.org/article --feed https://example.org/rss
    """
    inputs, feeds = inputs or [], feed or []
    if not inputs and not feeds:
        raise CharterwatchError("ingest: name at least one file, folder, URL or --feed")
    embed = PassageEmbedder()
    with open_workspace(settings_for(db)) as workspace:
        report, failures = _ingest(workspace, inputs, feeds, allow_private=allow_private, json_out=json_out, embed=embed)
        shown = sorted(set(report.added) | {i for i, *_ in report.rejected})
        documents = workspace.documents_by_id(shown[:SHOWN_ROWS])
        cycle = _cycle(workspace, report, defer=defer, json_out=json_out, embed=embed)
    if json_out:
        terminal.print_json(console, {**report.as_dict(), "failures": failures, **cycle.as_dict()})
    else:
        if documents:
            more = f" (the first {SHOWN_ROWS} of {len(shown)}: `charterwatch documents` lists all)" if len(shown) > SHOWN_ROWS else ""
            console.print(terminal.documents_table(documents, title=f"Ingested{more}"))
        console.print(terminal.ingest_summary(report))
        for line in report.warnings:
            console.print(f"[yellow]warning[/]: {line}", highlight=False)
        terminal.cycle_summary(console, cycle)
    for line in failures:
        Console(stderr=True, soft_wrap=True).print(f"error: {line}", markup=False, highlight=False)
    # The batch goes on past a bad item; only a run where nothing at all could be read fails.
    if failures and not (report.added or report.rejected or report.skipped):
        raise typer.Exit(1)


def _parse_every(value: str) -> float:
    match = re.fullmatch(r"(\d+)\s*([smh])", value.strip())
    if not match or int(match.group(1)) == 0:
        raise CharterwatchError(f"--every {value!r}: expected a duration like 30s, 15m or 1h")
    return int(match.group(1)) * {"s": 1, "m": 60, "h": 3600}[match.group(2)]


def _read_feed_list(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CharterwatchError(f"--feeds {path}: {exc.strerror}") from None
    feeds = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    bad = next((f for f in feeds if not is_url(f)), None)
    if bad:
        raise CharterwatchError(f"--feeds {path}: {bad!r} is not an http(s) URL")
    if not feeds:
        raise CharterwatchError(f"--feeds {path}: no feed URLs in the file")
    return feeds


@app.command("watch")
def watch_command(feeds: Annotated[Path, typer.Option("--feeds", help="File with one feed URL per line (# comments)")],
                  every: Annotated[str, typer.Option("--every", help="Time between polls: 30s, 15m, 1h")] = "15m",
                  times: Annotated[int | None, typer.Option("--times", help="Stop after this many polls (default: until stopped)")] = None,
                  allow_private: Annotated[bool, typer.Option("--allow-private", help="Permit loopback/private addresses")] = False,
                  db: DbOption = None) -> None:
    """Poll feeds until stopped (Ctrl-C), ingesting new items each time; conditional GET spares the servers.

    Example: charterwatch watch --feeds feeds.txt --every 15m
    """
    interval = _parse_every(every)
    urls = _read_feed_list(feeds)
    polls = 0
    embed = PassageEmbedder()
    with open_workspace(settings_for(db)) as workspace:
        try:
            while times is None or polls < times:
                report, failures = _ingest(workspace, [], urls, allow_private=allow_private, json_out=True, embed=embed)
                polls += 1
                console.print(f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M:%S')} poll {polls}: "
                              f"{len(report.added)} added, {len(report.rejected)} rejected, {report.skipped} already stored, "
                              f"{len(failures)} feeds failed", highlight=False)
                for line in failures:
                    console.print(f"  error: {line}", markup=False, highlight=False)
                terminal.cycle_summary(console, _cycle(workspace, report, defer=False, json_out=True, embed=embed))
                if times is None or polls < times:
                    time.sleep(interval)
        except KeyboardInterrupt:
            console.print(f"stopped after {polls} polls")


@app.command("language")
def language_command(source: Annotated[str, typer.Argument(help="A text file, or - for standard input")] = "-") -> None:
    """Detect the language of each input line; prints one JSON object per line: text, language, confidence.

    Languages: en, az, tr, ru, other (any other language), unknown (too short to call).
    """
    if source == "-":
        lines = sys.stdin.read().splitlines()
    else:
        try:
            lines = Path(source).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise CharterwatchError(f"{source}: no such file") from None
        except UnicodeDecodeError:
            raise CharterwatchError(f"{source}: not UTF-8 text") from None
    identifier = LanguageIdentifier()
    for line in lines:
        guess = identifier.detect(line)
        sys.stdout.write(json.dumps({"text": line, "language": guess.language, "confidence": guess.confidence},
                                    ensure_ascii=False) + "\n")


@app.command("documents")
def documents_command(language: Annotated[str | None, typer.Option("--language", "-l", help="Only this main language: en, az, tr, ru")] = None,
                      originals: Annotated[bool, typer.Option("--originals", help="Only originals, not copies")] = False,
                      include_rejected: Annotated[bool, typer.Option("--all", help="Include rejected inputs")] = False,
                      db: DbOption = None, json_out: JsonOption = False) -> None:
    """List stored documents: date and how it was found, languages, copy of which original."""
    with open_workspace(settings_for(db)) as workspace:
        documents = workspace.documents(language=language, originals_only=originals, include_rejected=include_rejected)
    if json_out:
        terminal.print_json(console, documents)
    else:
        console.print(terminal.documents_table(documents, title="Documents"))


@app.command("document")
def document_command(document_id: Annotated[int, typer.Argument(help="Document number")], db: DbOption = None,
                     json_out: JsonOption = False) -> None:
    """Show one document: metadata, and each paragraph with its language."""
    with open_workspace(settings_for(db)) as workspace:
        document = workspace.document(document_id)
    if json_out:
        terminal.print_json(console, document)
    else:
        terminal.print_document(console, document)


