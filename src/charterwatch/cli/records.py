"""The working groups' own records."""


from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError

from charterwatch import terminal
from charterwatch.agreement.load import describe_error
from charterwatch.cli.common import (
    AgreementOption,
    BodyOption,
    ByOption,
    DateOption,
    DbOption,
    JsonOption,
    ProvisionOption,
    SourceOption,
    TextOption,
    TitleOption,
    app,
    console,
    open_workspace,
    parse_date_option,
    record_app,
    settings_for,
)
from charterwatch.errors import RecordError
from charterwatch.records.model import NewRecord, check_body, default_provision

# --- records --------------------------------------------------------------------------------

def _default_provision(a, kind: str, body: str | None) -> str:
    """The library's rule (:func:`records.model.default_provision`), or an error asking for --provision."""
    if body is not None:
        check_body(a, body)
    chosen = default_provision(a, kind, body)
    if chosen is None:
        raise RecordError(f"record {kind}: say which provision it is for with --provision "
                          f"(see `charterwatch provisions --agreement {a.id}`)")
    return chosen


def _add_record(kind: str, body: str | None, provision: str | None, date: str, source: str, text: str,
                title: str | None, by: str | None, db: str | None, agreement: str | None, json_out: bool) -> None:
    settings = settings_for(db, agreement, by)
    day = parse_date_option(date, "--date")
    with open_workspace(settings) as workspace:
        a = workspace.agreement(settings.agreement)
        try:
            new = NewRecord(kind=kind, date=day, body_id=body, provision_id=provision or _default_provision(a, kind, body),
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
    settings = settings_for(db, agreement, by)
    changes = {"date": parse_date_option(date, "--date"), "kind": kind, "body_id": body, "provision_id": provision,
               "source": source, "text": text, "title": title}
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise RecordError(f"record {record_id}: give at least one field to correct (--date, --text, ...)")
    with open_workspace(settings) as workspace:
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
    settings = settings_for(db, None, by)
    with open_workspace(settings) as workspace:
        record = workspace.withdraw_record(record_id, by=settings.user, reason=reason)
    console.print(f"Withdrew #{record.id} (revision {record.revision})")


@record_app.command("history")
def record_history(record_id: Annotated[int, typer.Argument(help="Record number")], db: DbOption = None,
                   json_out: JsonOption = False) -> None:
    """Every revision of a record: what it said, who changed it, when and why."""
    with open_workspace(settings_for(db)) as workspace:
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
    settings = settings_for(db, agreement)
    with open_workspace(settings) as workspace:
        a = workspace.agreement(settings.agreement)
        records = workspace.records(a, body_id=body, include_withdrawn=include_withdrawn)
    if json_out:
        terminal.print_json(console, records)
    else:
        console.print(terminal.records_table(records))

