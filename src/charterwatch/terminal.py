"""Rendering library results for a terminal (rich tables) or for scripts (JSON lines)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rich.console import Console
from rich.table import Table

from charterwatch.agreement.duration import duration_words
from charterwatch.agreement.model import Agreement
from charterwatch.assess.deadlines import DueItem
from charterwatch.plain import to_jsonable
from charterwatch.records.model import Record, RecordRevision

STATE_STYLE = {"met": "green", "met_late": "yellow", "missed": "bold red", "due_soon": "bold yellow",
               "upcoming": "cyan"}


def print_json(console: Console, value: Any) -> None:
    console.print_json(json.dumps(to_jsonable(value), ensure_ascii=False))


def provisions_table(agreement: Agreement, section: str | None = None) -> Table:
    table = Table(title=f"{agreement.title} — provisions", title_justify="left", expand=False)
    table.add_column("provision", no_wrap=True)
    table.add_column("summary", ratio=1, min_width=30)
    table.add_column("due", max_width=16)
    for s in agreement.sections:
        if section and s.id != section:
            continue
        table.add_section()
        for p in s.provisions:
            due = ""
            if p.due is not None and p.due.duration is not None:
                first = p.due.first_due(agreement.agreement.signed)
                due = first.isoformat() + (f" then {duration_words(p.due.rule, recurring=True)}"
                                           if p.due.recurring else f" ({duration_words(p.due.rule)})")
                due += " per body" if p.due.per_body else ""
            table.add_row(f"[bold]{p.id}[/]\n{p.title()}\n[dim]{p.kind}[/]", p.summary, due)
    return table


def deadlines_table(agreement: Agreement, items: list[DueItem], as_of: dt.date) -> Table:
    table = Table(title=f"Deadlines of {agreement.id} as of {as_of.isoformat()}", title_justify="left")
    for column in ("due", "provision", "body", "state", "days", "met by"):
        table.add_column(column, no_wrap=column != "met by")
    for item in items:
        style = STATE_STYLE.get(item.state, "")
        if item.met_by_report:
            met = f"report in document #{item.met_by_report['document_id']} on {item.met_on.isoformat()}"
        elif item.met_on:
            met = f"record #{item.met_by_record_id} on {item.met_on.isoformat()}"
        else:
            met = "no record or report found" if item.state == "missed" else ""
        label = item.provision_id + (f" #{item.occurrence}" if item.occurrence else "")
        if item.state == "met_late":
            days = f"{item.days_late} late"
        elif item.state == "missed":
            days = f"{-item.days_left} overdue"
        elif item.state == "met":
            days = "on time"
        else:
            days = f"{item.days_left} left"
        table.add_row(item.due.isoformat(), label, item.body_id or "—", f"[{style}]{item.state.replace('_', ' ')}[/]",
                      days, met)
    return table


def records_table(records: list[Record]) -> Table:
    table = Table(title="Secretariat records", title_justify="left")
    for column in ("#", "date", "kind", "body", "provision", "text", "source", "rev"):
        table.add_column(column, no_wrap=column not in ("text", "source"))
    for r in records:
        text = (r.title + ": " if r.title else "") + r.text
        table.add_row(str(r.id), r.date.isoformat(), r.kind + (" (withdrawn)" if r.withdrawn else ""),
                      r.body_id or "—", r.provision_id, text, r.source, str(r.revision))
    return table


def history_table(revisions: list[RecordRevision]) -> Table:
    table = Table(title=f"History of record #{revisions[0].record_id}" if revisions else "History",
                  title_justify="left")
    for column in ("rev", "action", "when", "by", "reason", "date", "body", "text"):
        table.add_column(column)
    for rev in revisions:
        snap = rev.snapshot
        table.add_row(str(rev.revision), rev.action, rev.changed_at.strftime("%Y-%m-%d %H:%M"), rev.changed_by,
                      rev.reason or "", snap.get("date", ""), snap.get("body_id") or "—", snap.get("text", ""))
    return table


def documents_table(documents: list[dict], *, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("#", "date", "found in", "lang", "title", "copy of", "input"):
        table.add_column(column, no_wrap=column in ("#", "date", "found in", "lang", "copy of"))
    for d in documents:
        if d["status"] == "rejected":
            table.add_row(str(d["id"]), "—", "", "", f"[red]rejected[/]: {d['reject_reason']}", "",
                          _short_input(d))
            continue
        languages = "+".join(lang for lang, share in d["languages"].items() if share >= 0.15 and lang != "unknown")
        copy = f"#{d['copy_of']} {d['copy_kind']} {d['copy_score']:.2f}" if d["copy_of"] else "original"
        table.add_row(str(d["id"]), d["published"].isoformat() if d["published"] else "[yellow]undateable[/]",
                      d["date_source"] or "", languages + (" (mixed)" if d["mixed"] else ""), d["title"] or "",
                      copy, _short_input(d))
    return table


def _short_input(d: dict) -> str:
    source = d.get("url") or d.get("path") or ""
    if d.get("path") and "/samples/news/" in d["path"]:
        source = "samples/news/" + d["path"].split("/samples/news/", 1)[1]
    return source if len(source) <= 60 else "…" + source[-59:]


def ingest_summary(report) -> str:
    return (f"[bold]Ingest[/]: {len(report.added)} added, {len(report.rejected)} rejected, "
            f"{report.skipped} already stored, {report.undateable} undateable; the store now holds "
            f"{report.originals} originals and {report.copies} copies")


def searched_words(coverage: dict) -> str:
    """What a "not found" searched: only documents understanding has read; waiting ones are named."""
    text = (f"{coverage['documents']} dated original documents from {coverage['outlets']} outlets in "
            f"{', '.join(coverage['languages']) or 'no language'}, and the secretariats' records")
    if coverage.get("waiting"):
        text += (f" ({coverage['waiting']} documents are waiting to be understood: run `charterwatch understand`)")
    return text


def cycle_summary(console: Console, cycle) -> None:
    """What a monitoring cycle understood, and every status and deadline it moved, with why."""
    if cycle.deferred:
        console.print("[bold]Understanding[/]: deferred (--defer); run `charterwatch understand` to bring the new "
                      "documents to evidence and status", highlight=False)
        return
    u = cycle.understanding
    console.print(f"[bold]Understood[/]: {u.documents} documents ({u.paragraphs} paragraphs), {u.relevant} about an "
                  f"agreement, {u.evidence} evidence passages, {u.on_topic} on topic, {u.stories} stories formed or "
                  f"re-formed, {u.proposed_entities} new names proposed"
                  + (f"; {u.waiting} documents still waiting" if u.waiting else ""), highlight=False)
    if not cycle.moves:
        console.print("No status or deadline changed.")
        return
    console.print(f"[bold]Changed[/] ({len(cycle.moves)}):")
    for m in cycle.moves:
        who = m.provision_id + (f" [{m.body_id}]" if m.body_id else "")
        console.print(f"  {m.kind} {who}: {m.before} → {m.after} — {m.reason}", markup=False, highlight=False)
        for ref in m.cited[:3]:
            if isinstance(ref, dict) and ref.get("quote"):
                where = ", ".join(str(ref[k]) for k in ("source", "date", "language") if ref.get(k))
                console.print(f"      “{ref['quote'][:160]}” ({where})", markup=False, highlight=False)


def print_document(console: Console, d: dict) -> None:
    console.print(f"[bold]#{d['id']} {d['title'] or '(no title)'}[/]")
    date = f"{d['published'].isoformat()} (from {d['date_source']})" if d["published"] else f"undateable: {d['date_note']}"
    console.print(f"date: {date}; outlet: {d['outlet'] or '—'}; input: {d['url'] or d['path'] or '—'}")
    if d["status"] == "rejected":
        console.print(f"[red]rejected[/]: {d['reject_reason']}")
        return
    copy = f"copy of #{d['copy_of']} ({d['copy_kind']}, {d['copy_score']:.2f})" if d["copy_of"] else "original"
    shares = ", ".join(f"{lang} {share:.0%}" for lang, share in d["languages"].items())
    console.print(f"languages: {shares}{' — mixed' if d['mixed'] else ''}; {copy}")
    for p in d["paragraph_rows"]:
        console.print(f"[dim]{p['position']:>3} {p['language']:<7}[/] {p['text']}", highlight=False)
