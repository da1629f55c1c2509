"""The ``charterwatch`` command: parse options, call one library function, print the result.

Every failure the user can fix is a :class:`~charterwatch.errors.CharterwatchError`; ``main``
prints its one-line message and exits with its code (2 for bad input), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from charterwatch import terminal
from charterwatch.agreement.load import describe_error, load_agreement_file
from charterwatch.agreement.schema import agreement_json_schema_text
from charterwatch.dedup.embedding import PassageEmbedder
from charterwatch.errors import CharterwatchError, RecordError
from charterwatch.ingest.fetch import Fetcher
from charterwatch.ingest.sources import collect, is_url
from charterwatch.pipeline import IngestReport, ingest_raw_documents, run_main_job
from charterwatch.records.model import NewRecord
from charterwatch.settings import Settings
from charterwatch.text.language import LanguageIdentifier
from charterwatch.workspace import Workspace

DOCS = "See docs/ in the charterwatch repository."

app = typer.Typer(help=f"Is an agreement between governments being delivered? {DOCS}",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
agreement_app = typer.Typer(help="Agreements: list the known ones, show one, validate or load a file.",
                            no_args_is_help=True)
record_app = typer.Typer(help="The working groups' own records: add, correct, withdraw, show history.",
                         no_args_is_help=True)
app.add_typer(agreement_app, name="agreement")
app.add_typer(record_app, name="record")

#: Piped output is read by people too (and by tests); don't squeeze it to 80 columns.
console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)

DbOption = Annotated[str | None, typer.Option(
    "--db", help="SQLAlchemy URL of the store (env CHARTERWATCH_DB; default: a SQLite file in your data dir)",
    show_default=False)]
AgreementOption = Annotated[str | None, typer.Option(
    "--agreement", "-a", help="Agreement id or YAML path (env CHARTERWATCH_AGREEMENT; default: az-us-charter-2026)",
    show_default=False)]
AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", help="Judge as on this day (YYYY-MM-DD) (default: today)", show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _settings(db: str | None = None, agreement: str | None = None, user: str | None = None) -> Settings:
    return Settings.from_environment(os.environ, database_url=db, agreement=agreement, user=user)


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CharterwatchError(f"{option} {value!r}: not a date (expected YYYY-MM-DD)") from None


def _today() -> dt.date:
    return dt.date.today()


# --- main job -------------------------------------------------------------------------------


@app.command("run")
def run_command(db: DbOption = None, agreement: AgreementOption = None, as_of: AsOfOption = None,
                json_out: JsonOption = False) -> None:
    """Run the main job: set up the store, load the bundled agreements, ingest the bundled sample news,
    and show what came in, the provisions and the deadlines.

    Example: charterwatch run --as-of 2026-05-11
    """
    settings = _settings(db, agreement)
    day = _parse_date(as_of, "--as-of") or _today()
    with Workspace(settings.database_url) as workspace, _progress(json_out) as progress:
        result = run_main_job(workspace, agreement_ref=settings.agreement, as_of=day,
                              due_soon_days=settings.due_soon_days, identifier=LanguageIdentifier(),
                              embed=PassageEmbedder(), progress=progress.callback)
        documents = workspace.documents(include_rejected=True)
    if json_out:
        terminal.print_json(console, {"agreements": result.loaded, "ingest": result.ingest.as_dict(),
                                      "understand": result.understanding.as_dict() if result.understanding else None,
                                      "deadlines": result.deadlines})
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
        console.print(f"[bold]Understand[/]: {u.evidence} evidence links from {u.candidates} of {u.paragraphs} original "
                      f"paragraphs; {u.on_topic} documents on topic, {u.off_topic} off topic; {u.stories} stories; "
                      f"{u.proposed_entities} new names proposed")
    a = result.agreement
    console.print(f"[bold]{a.title}[/] — signed {a.agreement.signed.isoformat()}"
                  f"{' in ' + a.agreement.place if a.agreement.place else ''}; "
                  f"{len(a.provisions)} provisions in {len(a.sections)} sections, {len(a.bodies)} bodies")
    _print_deadlines(a, result.deadlines, day)
    status_command(as_of=day.isoformat(), section=None, db=settings.database_url, agreement=settings.agreement, json_out=False)
    console.print("Next: `charterwatch documents`, `charterwatch ingest PATH|URL`, or "
                  "`charterwatch record roadmap --body BODY --date YYYY-MM-DD --source URL --text ...`.")


# --- agreements -----------------------------------------------------------------------------


@agreement_app.command("list")
def agreement_list(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List bundled and stored agreements."""
    with Workspace(_settings(db).database_url) as workspace:
        summaries = workspace.agreements()
    if json_out:
        terminal.print_json(console, summaries)
        return
    from rich.table import Table

    table = Table(title="Agreements", title_justify="left")
    for column in ("id", "title", "signed", "provisions", "source"):
        table.add_column(column)
    for s in summaries:
        table.add_row(s.id, s.title, s.signed.isoformat(), str(s.provisions), s.source or "")
    console.print(table)


@agreement_app.command("show")
def agreement_show(agreement_id: Annotated[str | None, typer.Argument(help="Agreement id or YAML path")] = None,
                   db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
    """Show an agreement: metadata, sections, bodies, entities and timeline."""
    settings = _settings(db, agreement_id or agreement)
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
    if json_out:
        terminal.print_json(console, a)
        return
    meta = a.agreement
    console.print(f"[bold]{meta.titles['en']}[/] ({a.id})")
    for lang, title in meta.titles.items():
        if lang != "en":
            console.print(f"  {lang}: {title}")
    console.print(f"Signed {meta.signed.isoformat()}{' in ' + meta.place if meta.place else ''} by "
                  f"{', '.join(meta.signatories) or 'unknown'}; parties {', '.join(meta.parties)}"
                  f"{'; builds on ' + meta.builds_on if meta.builds_on else ''}")
    console.print(terminal.provisions_table(a))
    if a.bodies:
        console.print("[bold]Bodies[/]: " + "; ".join(f"{b.id} ({b.name})" for b in a.bodies))
    if a.entities:
        console.print("[bold]Entities[/]: " + "; ".join(f"{e.name} [{e.type}, {len(e.variants)} variants]"
                                                        for e in a.entities))
    for event in a.timeline:
        approx = " (approx.)" if event.approx else ""
        console.print(f"  {event.date.isoformat()}{approx} {event.event}: {event.what}")


@agreement_app.command("validate")
def agreement_validate(path: Annotated[Path, typer.Argument(help="Agreement YAML file")]) -> None:
    """Check an agreement file without storing it; exit 2 with the first problem if it is wrong."""
    a = load_agreement_file(path)
    console.print(f"{path.name}: valid — agreement {a.id!r}, {len(a.sections)} sections, "
                  f"{len(a.provisions)} provisions, {len(a.bodies)} bodies, {len(a.entities)} entities")


@agreement_app.command("load")
def agreement_load(path: Annotated[Path, typer.Argument(help="Agreement YAML file")], db: DbOption = None) -> None:
    """Validate an agreement file and store it, so its id works with --agreement."""
    a = load_agreement_file(path)
    with Workspace(_settings(db).database_url) as workspace:
        outcome = workspace.load_agreement(a, source=str(path.resolve()))
    console.print(f"{a.id}: {outcome} ({len(a.provisions)} provisions)")


@agreement_app.command("schema")
def agreement_schema() -> None:
    """Print the JSON Schema of the agreement format."""
    sys.stdout.write(agreement_json_schema_text())


@app.command("provisions")
def provisions_command(section: Annotated[str | None, typer.Option("--section", "-s", help="Only this section id")] = None,
                       db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
    """List an agreement's provisions, optionally one section."""
    settings = _settings(db, agreement)
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
    if section is not None and section not in {s.id for s in a.sections}:
        raise CharterwatchError(f"--section {section!r}: not a section of {a.id!r} "
                                f"(known: {', '.join(s.id for s in a.sections)})")
    if json_out:
        rows = [{"id": p.id, "section": s.id, "kind": p.kind, "summary": p.summary,
                 "due": p.due.model_dump(mode="json", by_alias=True, exclude_none=True) if p.due else None}
                for s in a.sections if section in (None, s.id) for p in s.provisions]
        terminal.print_json(console, rows)
        return
    console.print(terminal.provisions_table(a, section))


@app.command("deadlines")
def deadlines_command(as_of: AsOfOption = None, db: DbOption = None, agreement: AgreementOption = None,
                      json_out: JsonOption = False) -> None:
    """What each mechanism owes and whether a record shows it met: upcoming, due_soon, met, met_late, missed.

    Example: charterwatch deadlines --as-of 2026-05-11
    """
    settings = _settings(db, agreement)
    day = _parse_date(as_of, "--as-of") or _today()
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
        items = list(workspace.assessment(a, day).deadlines)
        coverage = workspace.coverage(day)
    if json_out:
        terminal.print_json(console, items)
        return
    _print_deadlines(a, items, day)
    if any(i.state == "missed" for i in items):
        console.print(f"Missed means no secretariat record and no news report was found: searched {coverage['documents']} "
                      f"dated original documents from {coverage['outlets']} outlets in "
                      f"{', '.join(coverage['languages']) or 'no language'}, and the records.", highlight=False)


def _print_deadlines(a, items, day: dt.date) -> None:
    if items:
        console.print(terminal.deadlines_table(a, items, day))
    else:
        console.print(f"{a.id} sets no deadlines (no provision has a due rule).")


# --- records --------------------------------------------------------------------------------

BodyOption = Annotated[str | None, typer.Option("--body", "-b", help="Body (working group) id")]
ProvisionOption = Annotated[str | None, typer.Option(
    "--provision", "-p", help="Provision id (default for roadmap/project/milestone: the agreement's per-body deadline)")]
DateOption = Annotated[str, typer.Option("--date", "-d", help="When it happened (YYYY-MM-DD)")]
SourceOption = Annotated[str, typer.Option("--source", help="URL or document reference the record rests on")]
TextOption = Annotated[str, typer.Option("--text", "-t", help="What the body decided or did")]
TitleOption = Annotated[str | None, typer.Option("--title", help="Short title")]
ByOption = Annotated[str | None, typer.Option("--by", help="Who is recording (env CHARTERWATCH_USER; default: login)")]


def _default_provision(a, kind: str) -> str:
    """The one provision a roadmap/project/milestone record most likely belongs to, or an error."""
    if kind != "meeting":
        per_body = [p.id for p in a.provisions if p.due is not None and p.due.per_body]
        if len(per_body) == 1:
            return per_body[0]
    raise RecordError(f"record {kind}: say which provision it is for with --provision "
                      f"(see `charterwatch provisions --agreement {a.id}`)")


def _add_record(kind: str, body: str | None, provision: str | None, date: str, source: str, text: str,
                title: str | None, by: str | None, db: str | None, agreement: str | None, json_out: bool) -> None:
    settings = _settings(db, agreement, by)
    day = _parse_date(date, "--date")
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
        try:
            new = NewRecord(kind=kind, date=day, body_id=body, provision_id=provision or _default_provision(a, kind),
                            source=source, text=text, title=title)
        except ValidationError as exc:  # blank text or source
            first = exc.errors()[0]
            raise RecordError(f"record {kind}: --{first['loc'][0]}: {describe_error(first)}") from None
        record = workspace.add_record(a, new, by=settings.user)
    if json_out:
        terminal.print_json(console, record)
    else:
        console.print(f"Recorded #{record.id}: {record.kind} of {record.body_id or a.id} on "
                      f"{record.date.isoformat()} for {record.provision_id}")


def _make_record_command(kind: str):
    def command(body: BodyOption = None, provision: ProvisionOption = None, date: DateOption = ...,
                source: SourceOption = ..., text: TextOption = ..., title: TitleOption = None, by: ByOption = None,
                db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
        _add_record(kind, body, provision, date, source, text, title, by, db, agreement, json_out)

    command.__doc__ = (f"Add a {kind} record for a body, with its date, source and text.\n\n"
                       f"Example: charterwatch record {kind} --body wg-energy --date 2026-05-02 "
                       f"--source https://example.org/minutes --text '...'")
    return command


for _kind in ("meeting", "project", "milestone", "roadmap"):
    record_app.command(_kind)(_make_record_command(_kind))


@record_app.command("correct")
def record_correct(record_id: Annotated[int, typer.Argument(help="Record number")],
                   reason: Annotated[str, typer.Option("--reason", help="Why it is corrected (kept in history)")],
                   date: Annotated[str | None, typer.Option("--date")] = None,
                   kind: Annotated[str | None, typer.Option("--kind")] = None,
                   body: BodyOption = None, provision: ProvisionOption = None,
                   source: Annotated[str | None, typer.Option("--source")] = None,
                   text: Annotated[str | None, typer.Option("--text")] = None,
                   title: TitleOption = None, by: ByOption = None,
                   db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
    """Correct fields of a record; the earlier revision stays in its history with who and when."""
    settings = _settings(db, agreement, by)
    changes = {"date": _parse_date(date, "--date"), "kind": kind, "body_id": body, "provision_id": provision,
               "source": source, "text": text, "title": title}
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise RecordError(f"record {record_id}: give at least one field to correct (--date, --text, ...)")
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
        try:
            record = workspace.correct_record(a, record_id, changes, by=settings.user, reason=reason)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise RecordError(f"record {record_id}: --{first['loc'][0]}: {describe_error(first)}") from None
    if json_out:
        terminal.print_json(console, record)
    else:
        console.print(f"Corrected #{record.id}: now revision {record.revision}")


@record_app.command("withdraw")
def record_withdraw(record_id: Annotated[int, typer.Argument(help="Record number")],
                    reason: Annotated[str, typer.Option("--reason", help="Why it is withdrawn (kept in history)")],
                    by: ByOption = None, db: DbOption = None) -> None:
    """Withdraw a record: it stops counting, and stays readable with its history."""
    settings = _settings(db, None, by)
    with Workspace(settings.database_url) as workspace:
        record = workspace.withdraw_record(record_id, by=settings.user, reason=reason)
    console.print(f"Withdrew #{record.id} (revision {record.revision})")


@record_app.command("history")
def record_history(record_id: Annotated[int, typer.Argument(help="Record number")], db: DbOption = None,
                   json_out: JsonOption = False) -> None:
    """Every revision of a record: what it said, who changed it, when and why."""
    with Workspace(_settings(db).database_url) as workspace:
        revisions = workspace.record_history(record_id)
    if json_out:
        terminal.print_json(console, revisions)
    else:
        console.print(terminal.history_table(revisions))


@app.command("records")
def records_command(body: BodyOption = None,
                    include_withdrawn: Annotated[bool, typer.Option("--all", help="Include withdrawn records")] = False,
                    db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
    """List the secretariats' records, optionally for one body."""
    settings = _settings(db, agreement)
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
        records = workspace.records(a, body_id=body, include_withdrawn=include_withdrawn)
    if json_out:
        terminal.print_json(console, records)
    else:
        console.print(terminal.records_table(records))

# --- ingest ---------------------------------------------------------------------------------


class _Progress:
    """A rich progress bar (count, rate, rejects) on a terminal; silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and console.is_terminal
        self.rejected = 0
        self._bar = None
        self._task = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]:.1f}/s"), TextColumn("rejects {task.fields[rejected]}"),
                                 TimeElapsedColumn(), console=console, transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("ingest", total=None, rate=0.0, rejected=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def callback(self, name: str, outcome: str) -> None:
        if self._bar is None:
            return
        self.rejected += outcome == "rejected"
        self._bar.advance(self._task)
        task = self._bar.tasks[0]
        self._bar.update(self._task, rate=(task.completed / task.elapsed) if task.elapsed else 0.0,
                         rejected=self.rejected, description=name)


def _progress(json_out: bool) -> _Progress:
    return _Progress(enabled=not json_out)


def _ingest(workspace: Workspace, inputs: list[str], feeds: list[str], *, allow_private: bool,
            json_out: bool) -> tuple[IngestReport, list[str]]:
    """Collect, clean, store and deduplicate; feed state is saved only after its items are stored."""
    fetcher = Fetcher.default(allow_private=allow_private) if (feeds or any(is_url(i) for i in inputs)) else None
    try:
        collected = collect(inputs, feeds, fetcher=fetcher,
                            feed_states={url: workspace.feed_state(url) for url in feeds})
    finally:
        if fetcher is not None:
            fetcher.close()
    with _progress(json_out) as progress:
        report = ingest_raw_documents(workspace, collected.documents, as_of=_today(), identifier=LanguageIdentifier(),
                                      embed=PassageEmbedder(), progress=progress.callback)
    for url, state in collected.feed_states.items():
        workspace.save_feed_state(url, state)
    report.warnings.extend(collected.warnings)
    return report, collected.failures


@app.command("ingest")
def ingest_command(inputs: Annotated[list[str] | None, typer.Argument(help="Files, folders or http(s) URLs")] = None,
                   feed: Annotated[list[str] | None, typer.Option("--feed", help="RSS/Atom feed URL (repeatable)")] = None,
                   allow_private: Annotated[bool, typer.Option("--allow-private", help="Permit loopback/private addresses")] = False,
                   db: DbOption = None, json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary instead of tables.")] = False) -> None:
    """Read news: files (.html, .txt, .md, .jsonl, .rss), folders, URLs and feeds; clean, date, detect
    languages, store each document, and find copies.

    Example: charterwatch ingest news/ https://example.org/article --feed https://example.org/rss
    """
    inputs, feeds = inputs or [], feed or []
    if not inputs and not feeds:
        raise CharterwatchError("ingest: name at least one file, folder, URL or --feed")
    with Workspace(_settings(db).database_url) as workspace:
        report, failures = _ingest(workspace, inputs, feeds, allow_private=allow_private, json_out=json_out)
        documents = workspace.documents(include_rejected=True)
    if json_out:
        terminal.print_json(console, {**report.as_dict(), "failures": failures})
    else:
        added = set(report.added) | {i for i, *_ in report.rejected}
        if added:
            console.print(terminal.documents_table([d for d in documents if d["id"] in added], title="Ingested"))
        console.print(terminal.ingest_summary(report))
        for line in report.warnings:
            console.print(f"[yellow]warning[/]: {line}", highlight=False)
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
    with Workspace(_settings(db).database_url) as workspace:
        try:
            while times is None or polls < times:
                report, failures = _ingest(workspace, [], urls, allow_private=allow_private, json_out=True)
                polls += 1
                console.print(f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M:%S')} poll {polls}: "
                              f"{len(report.added)} added, {len(report.rejected)} rejected, {report.skipped} already stored, "
                              f"{len(failures)} feeds failed", highlight=False)
                for line in failures:
                    console.print(f"  error: {line}", markup=False, highlight=False)
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
    with Workspace(_settings(db).database_url) as workspace:
        documents = workspace.documents(language=language, originals_only=originals, include_rejected=include_rejected)
    if json_out:
        terminal.print_json(console, documents)
    else:
        console.print(terminal.documents_table(documents, title="Documents"))


@app.command("document")
def document_command(document_id: Annotated[int, typer.Argument(help="Document number")], db: DbOption = None,
                     json_out: JsonOption = False) -> None:
    """Show one document: metadata, and each paragraph with its language."""
    with Workspace(_settings(db).database_url) as workspace:
        document = workspace.document(document_id)
    if json_out:
        terminal.print_json(console, document)
    else:
        terminal.print_document(console, document)


# --- understand -----------------------------------------------------------------------------

entities_app = typer.Typer(help="People, places, organisations and projects, with every spelling seen.",
                           no_args_is_help=True)
app.add_typer(entities_app, name="entities")


@app.command("evidence")
def evidence_command(provision_id: Annotated[str, typer.Argument(help="Provision id, e.g. connectivity.tripp")],
                     db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
    """The quotes that are evidence for one provision: what happened, where and when, and why it counts.

    Example: charterwatch evidence security.demining
    """
    settings = _settings(db, agreement)
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
        rows = workspace.evidence(a, provision_id)
    if json_out:
        terminal.print_json(console, rows)
        return
    provision = a.provision(provision_id)
    console.print(f"[bold]{provision_id}[/]: {provision.summary}")
    if not rows:
        console.print("No evidence found in the stored documents.")
    for row in rows:
        date = row["published"].isoformat() if row["published"] else "undated"
        cue = f" (cue: {row['cue']!r})" if row["cue"] else ""
        console.print(f"\n[bold]{row['event_type']}[/]{cue} — {date}, {row['outlet'] or 'unknown outlet'}, "
                      f"{row['language']}, document #{row['document_id']} ¶{row['paragraph_index']}, score {row['score']:.2f}",
                      highlight=False)
        console.print(f"  “{row['quote']}”", markup=False, highlight=False)


@app.command("stories")
def stories_command(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Stories: originals reporting the same event across outlets and languages, with their copies."""
    with Workspace(_settings(db).database_url) as workspace:
        stories = workspace.stories()
    if json_out:
        terminal.print_json(console, stories)
        return
    from rich.table import Table

    table = Table(title="Stories", title_justify="left")
    for column in ("#", "first", "last", "sources", "languages", "documents", "title"):
        table.add_column(column)
    for s in stories:
        table.add_row(str(s["id"]), s["first_seen"].isoformat() if s["first_seen"] else "undated",
                      s["last_seen"].isoformat() if s["last_seen"] else "", str(s["sources"]), "+".join(s["languages"]),
                      " ".join(f"#{i}" for i in s["document_ids"]), s["title"] or "")
    console.print(table)


@app.command("export")
def export_command(out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file (default: stdout)")] = None,
                   db: DbOption = None, agreement: AgreementOption = None) -> None:
    """Export documents (with story_id, on_topic, copy_of), evidence, stories and entities as JSON."""
    settings = _settings(db, agreement)
    with Workspace(settings.database_url) as workspace:
        data = workspace.export(workspace.agreement(settings.agreement))
    text = json.dumps(terminal.to_jsonable(data), ensure_ascii=False, indent=1)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text + "\n", encoding="utf-8")
        console.print(f"wrote {out}: {len(data['documents'])} documents, {len(data['evidence'])} evidence rows, "
                      f"{len(data['stories'])} stories, {len(data['entities'])} entities")


@entities_app.command("list")
def entities_list(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Every entity with its number of variants and of documents naming it."""
    with Workspace(_settings(db).database_url) as workspace:
        rows = workspace.entities()
    if json_out:
        terminal.print_json(console, rows)
        return
    from rich.table import Table

    table = Table(title="Entities", title_justify="left")
    for column in ("id", "type", "name", "variants", "documents", "status"):
        table.add_column(column)
    for r in rows:
        status = r["status"] + (f" into {r['merged_into']}" if r["merged_into"] else "")
        table.add_row(r["id"], r["type"], r["name"], str(r["variants"]), str(r["documents"]), status)
    console.print(table)


@entities_app.command("show")
def entities_show(entity_id: Annotated[str, typer.Argument(help="Entity id, e.g. jd-vance")], db: DbOption = None,
                  json_out: JsonOption = False) -> None:
    """One entity's variants: status, first and last seen, titles seen next to it, sources."""
    with Workspace(_settings(db).database_url) as workspace:
        entity = workspace.entity(entity_id)
    if json_out:
        terminal.print_json(console, entity)
        return
    from rich.table import Table

    table = Table(title=f"{entity['name']} ({entity['id']}, {entity['type']}, {entity['status']})", title_justify="left")
    for column in ("variant", "status", "first seen", "last seen", "titles", "documents"):
        table.add_column(column)
    for v in entity["variants"]:
        table.add_row(v["text"], v["status"], v["first_seen"].isoformat() if v["first_seen"] else "",
                      v["last_seen"].isoformat() if v["last_seen"] else "", "; ".join(v["titles"]),
                      " ".join(f"#{s}" for s in v["sources"]))
    console.print(table)


@entities_app.command("merge")
def entities_merge(keep: Annotated[str, typer.Argument(help="Entity that stays")],
                   absorb: Annotated[str, typer.Argument(help="Entity whose variants move to KEEP")],
                   by: ByOption = None, db: DbOption = None) -> None:
    """Merge two entities that are one (all variants move; the absorbed one is kept, marked merged)."""
    settings = _settings(db, None, by)
    with Workspace(settings.database_url) as workspace:
        entity = workspace.merge_entities(keep, absorb, by=settings.user)
    console.print(f"merged {absorb} into {keep}: {len(entity['variants'])} variants")


@entities_app.command("accept")
def entities_accept(entity_id: Annotated[str, typer.Argument(help="A proposed entity's id")],
                    entity_type: Annotated[str, typer.Option("--type", help="person, country, place, organisation or project")],
                    by: ByOption = None, db: DbOption = None) -> None:
    """Confirm a proposed entity (a new name two outlets used); its names are matched from then on."""
    if entity_type not in ("person", "country", "place", "organisation", "project"):
        raise CharterwatchError(f"--type {entity_type!r}: expected person, country, place, organisation or project")
    settings = _settings(db, None, by)
    with Workspace(settings.database_url) as workspace:
        entity = workspace.accept_entity(entity_id, entity_type=entity_type, by=settings.user)
    console.print(f"accepted {entity['id']} as a {entity['type']}")


@entities_app.command("split")
def entities_split(entity_id: Annotated[str, typer.Argument(help="Entity to split")],
                   variant: Annotated[str, typer.Argument(help="The variant that names someone else")],
                   new_id: Annotated[str, typer.Option("--new-id", help="Id of the new entity")],
                   name: Annotated[str | None, typer.Option("--name", help="Name of the new entity")] = None,
                   by: ByOption = None, db: DbOption = None) -> None:
    """Move one variant to a new entity ("this spelling is someone else")."""
    settings = _settings(db, None, by)
    with Workspace(settings.database_url) as workspace:
        entity = workspace.split_entity(entity_id, variant, new_key=new_id, new_name=name, by=settings.user)
    console.print(f"split {variant!r} from {entity_id} into new entity {entity['id']}")


# --- assess ---------------------------------------------------------------------------------

STATUS_STYLE = {"delivered": "green", "in_progress": "cyan", "announced": "yellow", "stalled": "bold red",
                "no_evidence": "dim"}


def _status_rows(a, assessment, section: str | None):
    sections = {p.id: s.id for s in a.sections for p in s.provisions}
    return [p for p in assessment.provisions if section is None or sections[p.provision_id] == section]


@app.command("status")
def status_command(as_of: AsOfOption = None, section: Annotated[str | None, typer.Option("--section", "-s", help="Only this section id")] = None,
                   db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
    """Each provision's status (no_evidence, announced, in_progress, delivered, stalled) as known on a day,
    with since when, evidence, independent sources, languages and the next deadline; then each working group.

    Example: charterwatch status --as-of 2026-05-11 --section implementation
    """
    settings = _settings(db, agreement)
    day = _parse_date(as_of, "--as-of") or _today()
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
        if section is not None and section not in {s.id for s in a.sections}:
            raise CharterwatchError(f"--section {section!r}: not a section of {a.id!r} "
                                    f"(known: {', '.join(s.id for s in a.sections)})")
        assessment = workspace.assessment(a, day, stall_after_days=settings.stall_after_days)
        groups = workspace.groups(a, day)
    rows = _status_rows(a, assessment, section)
    if json_out:
        terminal.print_json(console, {"as_of": day, "provisions": [
            {"id": p.provision_id, "body_id": p.body_id, "status": p.status.status, "ordinal": p.status.ordinal,
             "since": p.status.since if p.history else None, "evidence_count": p.evidence_count, "sources": p.sources,
             "languages": p.languages, "due": p.due.due if p.due else None, "due_state": p.due.state if p.due else None}
            for p in rows], "groups": groups})
        return
    from rich.table import Table

    table = Table(title=f"Status of {a.id} as of {day.isoformat()}", title_justify="left")
    for column in ("provision", "status", "since", "evidence", "sources", "languages", "next deadline"):
        table.add_column(column, no_wrap=column != "provision")
    for p in rows:
        st = p.status
        due = f"{p.due.due.isoformat()} {p.due.state}" if p.due else ""
        label = p.provision_id + (f" · {p.body_id}" if p.body_id else "")
        table.add_row(label, f"[{STATUS_STYLE[st.status]}]{st.status}[/] ({st.ordinal})",
                      st.since.isoformat() if p.history else "", str(p.evidence_count), str(p.sources),
                      "+".join(p.languages), due)
    console.print(table)
    delivered = sum(1 for p in rows if p.body_id is None and p.status.status == "delivered")
    whole = sum(1 for p in rows if p.body_id is None)
    console.print(f"{delivered} of {whole} provisions delivered ({delivered / whole:.0%})" if whole else "")
    if groups and section in (None, next((s.id for s in a.sections for q in s.provisions if q.bodies), None)):
        gt = Table(title="Working groups", title_justify="left")
        for column in ("group", "status", "meetings", "projects", "roadmap"):
            gt.add_column(column)
        for g in groups:
            roadmap = (f"{g.roadmap['date']}" if g.roadmap else
                       (f"due {g.due.due.isoformat()}: {g.due.state}" if g.due else "—"))
            gt.add_row(f"{g.body_id}\n[dim]{g.name}[/]", g.status, ", ".join(m["date"] for m in g.meetings) or "none found",
                       str(len(g.projects)), roadmap)
        console.print(gt)


@app.command("explain")
def explain_command(provision_id: Annotated[str, typer.Argument(help="Provision id")], as_of: AsOfOption = None,
                    db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
    """A provision's status history: each change with its date, reason and the quotes or records behind it.

    Example: charterwatch explain mechanism.priority_projects_roadmaps --as-of 2026-05-11
    """
    settings = _settings(db, agreement)
    day = _parse_date(as_of, "--as-of") or _today()
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
        if a.provision(provision_id) is None:
            raise CharterwatchError(f"provision {provision_id!r}: not in agreement {a.id!r} "
                                    f"(see `charterwatch provisions --agreement {a.id}`)")
        assessment = workspace.assessment(a, day, stall_after_days=settings.stall_after_days)
        coverage = workspace.coverage(day)
    rows = [p for p in assessment.provisions if p.provision_id == provision_id]
    if json_out:
        terminal.print_json(console, rows)
        return
    console.print(f"[bold]{provision_id}[/]: {a.provision(provision_id).summary}")
    for p in rows:
        console.print(f"\n[bold]{p.body_id or 'the provision as a whole'}[/] — now {p.status.status} (as of {day.isoformat()})")
        if not p.history:
            console.print(f"  no evidence: searched {coverage['documents']} dated original documents from "
                          f"{coverage['outlets']} outlets in {', '.join(coverage['languages']) or 'no languages'}, "
                          f"and the secretariats' records", highlight=False)
        for change in p.history:
            console.print(f"  {change.since.isoformat()} → [{STATUS_STYLE[change.status]}]{change.status}[/]: {change.reason}",
                          highlight=False)
            for g in change.grounds[:4]:
                if g.get("kind") == "passage":
                    console.print(f"      “{g['quote']}” — {g['outlet'] or 'unknown outlet'}, {g['date']}, {g['language']}, "
                                  f"document #{g['document_id']}", markup=False, highlight=False)
                elif g.get("kind") == "record":
                    console.print(f"      record #{g['record_id']} ({g['date']}): {g['text']} [{g['source']}]", markup=False,
                                  highlight=False)
                else:
                    console.print(f"      agreement file ({g['date']}{', approx.' if g.get('approx') else ''}): {g['text']}",
                                  markup=False, highlight=False)
            if len(change.grounds) > 4:
                console.print(f"      … and {len(change.grounds) - 4} more")
        if p.due and p.due.state == "missed":
            console.print(f"  deadline {p.due.due.isoformat()} missed: no record or report found (searched "
                          f"{coverage['documents']} dated original documents from {coverage['outlets']} outlets in "
                          f"{', '.join(coverage['languages'])}, and the secretariats' records)", highlight=False)


@app.command("assess")
def assess_command(as_of: AsOfOption = None, db: DbOption = None, agreement: AgreementOption = None) -> None:
    """Recompute and store every provision's status history (the main job runs this after ingest)."""
    settings = _settings(db, agreement)
    day = _parse_date(as_of, "--as-of") or _today()
    with Workspace(settings.database_url) as workspace:
        a = workspace.agreement(settings.agreement)
        changes = workspace.store_assessment(a, day)
    console.print(f"{a.id}: {changes} status changes stored as of {day.isoformat()}")



def main() -> None:
    """Entry point: run the app, turning user-fixable errors into one line and an exit code."""
    try:
        app()
    except CharterwatchError as error:
        Console(stderr=True, soft_wrap=True).print(f"error: {error.message}", markup=False, highlight=False)
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
