"""Names, evidence, stories and export."""


from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from charterwatch import terminal
from charterwatch.cli.common import (
    AgreementOption,
    AsOfOption,
    ByOption,
    DbOption,
    JsonOption,
    app,
    as_of_day,
    console,
    entities_app,
    open_workspace,
    settings_for,
    today,
)
from charterwatch.errors import CharterwatchError

# --- understand -----------------------------------------------------------------------------


@app.command("understand")
def understand_command(everything: Annotated[bool, typer.Option("--all", help="Understand every stored document again, not only what is new")] = False,
                       db: DbOption = None, json_out: JsonOption = False) -> None:
    """Understand what is stored but not yet understood (names, relevance, evidence, on-topic flags,
    stories), then assess every agreement and say what changed. `--all` re-reads the whole store:
    after an agreement file, an entity merge or the model changed.

    Example: charterwatch understand --all
    """
    from charterwatch.cli.common import understanding_bar
    from charterwatch.dedup.embedding import PassageEmbedder
    from charterwatch.pipeline import monitor

    with open_workspace(settings_for(db)) as workspace:
        with understanding_bar(not json_out) as progress:
            cycle = monitor(workspace, as_of=today(), embed=PassageEmbedder(), everything=everything, progress=progress)
    if json_out:
        terminal.print_json(console, cycle.as_dict())
    else:
        terminal.cycle_summary(console, cycle)



@app.command("evidence")
def evidence_command(provision_id: Annotated[str, typer.Argument(help="Provision id, e.g. connectivity.tripp")],
                     db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
    """The quotes that are evidence for one provision: what happened, where and when, and why it counts.

    Example: charterwatch evidence security.demining
    """
    settings = settings_for(db, agreement)
    with open_workspace(settings) as workspace:
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
        date = row.published.isoformat() if row.published else "undated"
        cue = f" (cue: {row.cue!r})" if row.cue else ""
        console.print(f"\n[bold]{row.event_type}[/]{cue} — {date}, {row.outlet or 'unknown outlet'}, "
                      f"{row.language}, document #{row.document_id} ¶{row.paragraph_index}, score {row.score:.2f}",
                      highlight=False)
        console.print(f"  “{row.quote}”", markup=False, highlight=False)


@app.command("stories")
def stories_command(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Stories: originals reporting the same event across outlets and languages, with their copies."""
    with open_workspace(settings_for(db)) as workspace:
        stories = workspace.stories()
    if json_out:
        terminal.print_json(console, stories)
        return
    from rich.table import Table

    table = Table(title="Stories", title_justify="left")
    for column in ("#", "first", "last", "sources", "languages", "documents", "title"):
        table.add_column(column)
    for s in stories:
        table.add_row(str(s.id), s.first_seen.isoformat() if s.first_seen else "undated",
                      s.last_seen.isoformat() if s.last_seen else "", str(s.sources), "+".join(s.languages or []),
                      " ".join(f"#{i}" for i in s.document_ids),
                      " ".join(part for part in (s.title, None if s.on_topic else "(background)") if part))
    console.print(table)


@app.command("export")
def export_command(out: Annotated[Path | None, typer.Option("--out", "-o", help="A file (json, jsonl; default: standard output), or for csv a folder or a .zip")] = None,
                   fmt: Annotated[str, typer.Option("--format", "-f", help="json (one document), jsonl (one row a line) or csv (a file per table and datapackage.json)")] = "json",
                   only: Annotated[str | None, typer.Option("--only", help="Only these tables, comma-separated (e.g. documents,evidence)")] = None,
                   as_of: AsOfOption = None, db: DbOption = None, agreement: AgreementOption = None) -> None:
    """Export everything, streamed: documents with their paragraphs, copies, evidence, stories,
    entities with their spellings, provisions with their status history, deadlines, and records with
    every revision. Fields and codes: docs/codebook.md.

    Example: charterwatch export --format csv --out export.zip
    """
    from charterwatch.export import FORMATS, choose_tables, export

    if fmt not in FORMATS:
        raise CharterwatchError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    tables = choose_tables(only)
    settings = settings_for(db, agreement)
    when = as_of_day(as_of)
    with open_workspace(settings) as workspace:
        counts = export(fmt, workspace, workspace.agreement(settings.agreement), tables, when, out=out,
                        stdout=sys.stdout)
    if out is not None:
        console.print(f"wrote {out}: {counts.summary() or 'no rows'}", highlight=False)


@entities_app.command("list")
def entities_list(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Every entity with its number of variants and of documents naming it."""
    with open_workspace(settings_for(db)) as workspace:
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
    with open_workspace(settings_for(db)) as workspace:
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
    settings = settings_for(db, None, by)
    with open_workspace(settings) as workspace:
        entity = workspace.merge_entities(keep, absorb, by=settings.user)
    console.print(f"merged {absorb} into {keep}: {len(entity['variants'])} variants")


@entities_app.command("accept")
def entities_accept(entity_id: Annotated[str, typer.Argument(help="A proposed entity's id")],
                    entity_type: Annotated[str, typer.Option("--type", help="person, country, place, organisation or project")],
                    by: ByOption = None, db: DbOption = None) -> None:
    """Confirm a proposed entity (a new name two outlets used); its names are matched from then on."""
    if entity_type not in ("person", "country", "place", "organisation", "project"):
        raise CharterwatchError(f"--type {entity_type!r}: expected person, country, place, organisation or project")
    settings = settings_for(db, None, by)
    with open_workspace(settings) as workspace:
        entity = workspace.accept_entity(entity_id, entity_type=entity_type, by=settings.user)
    console.print(f"accepted {entity['id']} as a {entity['type']}")


@entities_app.command("split")
def entities_split(entity_id: Annotated[str, typer.Argument(help="Entity to split")],
                   variant: Annotated[str, typer.Argument(help="The variant that names someone else")],
                   new_id: Annotated[str, typer.Option("--new-id", help="Id of the new entity")],
                   name: Annotated[str | None, typer.Option("--name", help="Name of the new entity")] = None,
                   by: ByOption = None, db: DbOption = None) -> None:
    """Move one variant to a new entity ("this spelling is someone else")."""
    settings = settings_for(db, None, by)
    with open_workspace(settings) as workspace:
        entity = workspace.split_entity(entity_id, variant, new_key=new_id, new_name=name, by=settings.user)
    console.print(f"split {variant!r} from {entity_id} into new entity {entity['id']}")


