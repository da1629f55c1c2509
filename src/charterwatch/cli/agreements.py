"""Agreements, provisions and deadlines."""


from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from charterwatch import terminal
from charterwatch.agreement.load import load_agreement_file
from charterwatch.agreement.schema import agreement_json_schema_text
from charterwatch.cli.common import (
    AgreementOption,
    AsOfOption,
    DbOption,
    JsonOption,
    agreement_app,
    app,
    as_of_day,
    console,
    open_workspace,
    print_deadlines,
    settings_for,
)
from charterwatch.errors import CharterwatchError

# --- agreements -----------------------------------------------------------------------------


@agreement_app.command("list")
def agreement_list(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List bundled and stored agreements."""
    with open_workspace(settings_for(db)) as workspace:
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
    settings = settings_for(db, agreement_id or agreement)
    with open_workspace(settings) as workspace:
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
    with open_workspace(settings_for(db)) as workspace:
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
    settings = settings_for(db, agreement)
    with open_workspace(settings) as workspace:
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
    settings = settings_for(db, agreement)
    day = as_of_day(as_of)
    with open_workspace(settings) as workspace:
        a = workspace.agreement(settings.agreement)
        items = list(workspace.assessment(a, day).deadlines)
        coverage = workspace.coverage(day)
    if json_out:
        terminal.print_json(console, items)
        return
    print_deadlines(a, items, day)
    if any(i.state == "missed" for i in items):
        console.print(f"Missed means no secretariat record and no news report was found: searched "
                      f"{terminal.searched_words(coverage)}.", highlight=False)



