"""Shared by every command module: the app, the console, the common options and small helpers."""


from __future__ import annotations

import datetime as dt
import os
import sys
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

from charterwatch import terminal
from charterwatch.days import parse_day
from charterwatch.settings import Settings

DOCS = "See docs/ in the charterwatch repository."

app = typer.Typer(help=f"Is an agreement between governments being delivered? {DOCS}", rich_markup_mode=None,
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


def settings_for(db: str | None = None, agreement: str | None = None, user: str | None = None) -> Settings:
    return Settings.from_environment(os.environ, database_url=db, agreement=agreement, user=user)


def open_workspace(settings: Settings):
    """The store the settings name, with the settings every surface shares (e.g. the stall rule)."""
    from charterwatch.workspace import Workspace

    return Workspace(settings.database_url, settings=settings)


def parse_date_option(value: str | None, option: str) -> dt.date | None:
    """A date option (``--as-of``, ``--since``…), checked as the web checks its query values."""
    return parse_day(value, option)


def today() -> dt.date:
    return dt.date.today()


def as_of_day(value: str | None) -> dt.date:
    """The CLI's ``--as-of``: the day given (YYYY-MM-DD), else today."""
    return parse_date_option(value, "--as-of") or today()


entities_app = typer.Typer(help="People, places, organisations and projects, with every spelling seen.",
                           no_args_is_help=True)
app.add_typer(entities_app, name="entities")

BodyOption = Annotated[str | None, typer.Option("--body", "-b", help="Body (working group) id")]
ProvisionOption = Annotated[str | None, typer.Option(
    "--provision", "-p", help="Provision id (default: a body's meeting counts for the provision that sets the body up, "
                              "a meeting of no body for the recurring meeting, a roadmap/project/milestone for the "
                              "per-body deadline)")]
DateOption = Annotated[str, typer.Option("--date", "-d", help="When it happened (YYYY-MM-DD)")]
SourceOption = Annotated[str, typer.Option("--source", help="URL or document reference the record rests on")]
TextOption = Annotated[str, typer.Option("--text", "-t", help="What the body decided or did")]
TitleOption = Annotated[str | None, typer.Option("--title", help="Short title")]
ByOption = Annotated[str | None, typer.Option("--by", help="Who is recording (env CHARTERWATCH_USER; default: login)")]



def print_deadlines(a, items, day: dt.date) -> None:
    if items:
        from charterwatch.assess.deadlines import recent_occurrences

        shown, notes = recent_occurrences(list(items))
        console.print(terminal.deadlines_table(a, shown, day))
        for note in notes:
            console.print(f"{note} (`--json` lists every one).", highlight=False)
    else:
        console.print(f"{a.id} sets no deadlines (no provision has a due rule).")



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


def progress_bar(json_out: bool) -> _Progress:
    return _Progress(enabled=not json_out)




@contextmanager
def understanding_bar(enabled: bool, total: int | None = None):
    """A progress bar for understanding (documents done); yields the callback, None when silent."""
    if not (enabled and console.is_terminal):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("[bold]understand"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("understand", total=total)
        yield lambda done: bar.update(task, completed=done)
