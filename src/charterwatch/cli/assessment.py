"""Status over time: status, explain, assess."""


from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from charterwatch import terminal
from charterwatch.assess.codebook import RULES, class_of, headline
from charterwatch.cli.common import (
    AgreementOption,
    AsOfOption,
    DbOption,
    JsonOption,
    app,
    as_of_day,
    console,
    open_workspace,
    settings_for,
)
from charterwatch.errors import CharterwatchError
from charterwatch.workspace import provision_rows

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
    settings = settings_for(db, agreement)
    day = as_of_day(as_of)
    with open_workspace(settings) as workspace:
        a = workspace.agreement(settings.agreement)
        if section is not None and section not in {s.id for s in a.sections}:
            raise CharterwatchError(f"--section {section!r}: not a section of {a.id!r} "
                                    f"(known: {', '.join(s.id for s in a.sections)})")
        assessment = workspace.assessment(a, day, stall_after_days=settings.stall_after_days)
        groups = workspace.groups(a, day, assessment=assessment)
    rows = _status_rows(a, assessment, section)
    shown = {p.provision_id for p in rows}
    top = headline(a, assessment, provision_ids=shown if section else None)
    if json_out:
        terminal.print_json(console, {"as_of": day, "headline": top.to_dict(),
                                      "provisions": provision_rows(a, rows, history=False), "groups": groups})
        return
    from rich.table import Table

    table = Table(title=f"Status of {a.id} as of {day.isoformat()}", title_justify="left")
    for column in ("provision", "status", "since", "evidence", "sources", "languages", "next deadline"):
        table.add_column(column, no_wrap=column != "provision")
    for p in rows:
        st = p.status
        due = f"{p.due.due.isoformat()} {p.due.state}" if p.due else ""
        if p.due and p.due.state == "met_late":
            due = f"{p.due.due.isoformat()} met late ({p.due.days_late} days)"
        label = p.provision_id + (f" · {p.body_id}" if p.body_id else f"\n[dim]{escape(a.provision(p.provision_id).title())}[/]")
        if p.note:
            label += f"\n[italic]{p.note}[/]"
        table.add_row(label, f"[{STATUS_STYLE[st.status]}]{st.status}[/] ({st.ordinal})",
                      st.since.isoformat() if p.history else "", str(p.evidence_count), str(p.sources),
                      "+".join(p.languages), due)
    console.print(table)
    console.print(top.words[0].upper() + top.words[1:] + "." + (f" By working group: {top.group_words}." if top.group_words
                                                                 else ""), highlight=False)
    if groups and section in (None, next((s.id for s in a.sections for q in s.provisions if q.bodies), None)):
        gt = Table(title="Working groups", title_justify="left")
        for column in ("group", "status", "meetings", "projects", "roadmap"):
            gt.add_column(column)
        for g in groups:
            roadmap = (f"{g.roadmap['date']}" if g.roadmap else
                       (f"due {g.due.due.isoformat()}: {g.due.state}" if g.due else "—"))
            if g.roadmap and g.due:
                roadmap += f" ({g.due.words})"
            gt.add_row(f"{g.body_id}\n[dim]{g.name}[/]", g.status, ", ".join(m["date"] for m in g.meetings) or "none found",
                       str(len(g.projects)), roadmap)
        console.print(gt)


@app.command("explain")
def explain_command(provision_id: Annotated[str, typer.Argument(help="Provision id")], as_of: AsOfOption = None,
                    db: DbOption = None, agreement: AgreementOption = None, json_out: JsonOption = False) -> None:
    """A provision's status history: each change with its date, reason and the quotes or records behind it.

    Example: charterwatch explain mechanism.priority_projects_roadmaps --as-of 2026-05-11
    """
    settings = settings_for(db, agreement)
    day = as_of_day(as_of)
    with open_workspace(settings) as workspace:
        a = workspace.agreement(settings.agreement)
        workspace.provision(a, provision_id)
        assessment = workspace.assessment(a, day, stall_after_days=settings.stall_after_days)
        coverage = workspace.coverage(day)
    rows = [p for p in assessment.provisions if p.provision_id == provision_id]
    if json_out:
        terminal.print_json(console, rows)
        return
    found = a.provision(provision_id)
    console.print(f"[bold]{provision_id}[/] — {escape(found.title())}: {escape(found.summary)}", highlight=False)
    console.print(f"[dim]{RULES[class_of(found)].name}: {RULES[class_of(found)].what}[/]", highlight=False)
    for p in rows:
        console.print(f"\n[bold]{p.body_id or 'the provision as a whole'}[/] — now {p.status.status} (as of {day.isoformat()})")
        if p.note:
            console.print(f"  {p.note}", highlight=False)
        if not p.history:
            console.print(f"  no evidence: searched {terminal.searched_words(coverage)}", highlight=False)
        for change in p.history:
            console.print(f"  {change.since.isoformat()} [{STATUS_STYLE[change.status]}]{escape(change.reason)}[/]", highlight=False)
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
                          f"{terminal.searched_words(coverage)})", highlight=False)


@app.command("assess")
def assess_command(as_of: AsOfOption = None, db: DbOption = None, agreement: AgreementOption = None) -> None:
    """Recompute and store every provision's status history (the main job runs this after ingest)."""
    settings = settings_for(db, agreement)
    day = as_of_day(as_of)
    with open_workspace(settings) as workspace:
        a = workspace.agreement(settings.agreement)
        changes = workspace.store_assessment(a, day)
    console.print(f"{a.id}: {changes} status changes stored as of {day.isoformat()}")



