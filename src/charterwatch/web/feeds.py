"""Atom feeds of change: what news monitors' users ask for first ("tell me when something changes").

``changes_feed``: every status change and every deadline met, met late or missed, newest first,
each entry linking the provision's page and citing what it rests on. ``evidence_feed``: one
provision's passages, newest first. Pure: an assessment and evidence rows in, Atom XML out; the
caller gives the absolute base URL the links start with.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from charterwatch.agreement.model import Agreement
from charterwatch.assess.agreement_status import Assessment
from charterwatch.assess.status import STATUS_WORDS

ATOM = "http://www.w3.org/2005/Atom"
#: Entries per feed: a feed reader wants what is new, not the whole history.
FEED_ENTRIES = 100


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _cited(grounds) -> str:
    """What a change rests on, one line per ground."""
    lines = []
    for g in grounds:
        if g.get("kind") == "passage":
            lines.append(f"{g.get('outlet') or 'a report'}, {g.get('date')}: “{g.get('quote')}” "
                         f"(document {g.get('document_id')}, {g.get('event')})")
        elif g.get("kind") == "record":
            lines.append(f"Record #{g.get('record_id')} of {g.get('date')}: {g.get('text')} ({g.get('source')})")
        else:
            lines.append(f"{g.get('text') or g.get('kind')}, {g.get('date')}")
    return "\n".join(lines)


class _Feed:
    def __init__(self, feed_id: str, title: str, link: str, self_link: str, updated: dt.date | None):
        ET.register_namespace("", ATOM)
        self.root = ET.Element(f"{{{ATOM}}}feed")
        ET.SubElement(self.root, f"{{{ATOM}}}id").text = feed_id
        ET.SubElement(self.root, f"{{{ATOM}}}title").text = title
        ET.SubElement(self.root, f"{{{ATOM}}}link", href=link)
        ET.SubElement(self.root, f"{{{ATOM}}}link", rel="self", href=self_link, type="application/atom+xml")
        ET.SubElement(self.root, f"{{{ATOM}}}updated").text = _stamp(updated or dt.date(2000, 1, 1))
        author = ET.SubElement(self.root, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = "charterwatch"
        ET.SubElement(self.root, f"{{{ATOM}}}generator").text = "charterwatch"

    def entry(self, entry_id: str, title: str, link: str, updated: dt.date, summary: str) -> None:
        element = ET.SubElement(self.root, f"{{{ATOM}}}entry")
        ET.SubElement(element, f"{{{ATOM}}}id").text = entry_id
        ET.SubElement(element, f"{{{ATOM}}}title").text = title
        ET.SubElement(element, f"{{{ATOM}}}link", href=link)
        ET.SubElement(element, f"{{{ATOM}}}updated").text = _stamp(updated)
        ET.SubElement(element, f"{{{ATOM}}}summary", type="text").text = summary

    def xml(self) -> str:
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(self.root, encoding="unicode") + "\n"


def _page(base: str, path: str, agreement: Agreement, as_of: dt.date | None) -> str:
    query = {"agreement": agreement.id, **({"as_of": as_of.isoformat()} if as_of else {})}
    return f"{base}{path}?{urlencode(query)}"


def changes_feed(agreement: Agreement, assessment: Assessment, *, base: str, as_of: dt.date,
                 pinned: bool = False) -> str:
    """Status changes and deadline states up to ``as_of``, newest first.

    :param base: the server's absolute URL, e.g. ``http://127.0.0.1:8000``
    :param pinned: links keep ``as_of`` (the feed was asked for a day, not for today)
    """
    day = as_of if pinned else None
    entries: list[tuple[dt.date, str, str, str, str]] = []
    for unit in assessment.provisions:
        previous = None
        for change in unit.history:
            if change.since <= as_of:
                name = unit.provision_id + (f" ({unit.body_id})" if unit.body_id else "")
                moved = f"{STATUS_WORDS.get(previous, previous)} → " if previous else ""
                entries.append((change.since, f"tag:charterwatch,2026:{agreement.id}/{name}/{change.since}/{change.status}",
                                f"{name}: {moved}{STATUS_WORDS.get(change.status, change.status)}",
                                _page(base, f"/provisions/{unit.provision_id}", agreement, day),
                                change.reason + ("\n\n" + _cited(change.grounds) if change.grounds else "")))
            previous = change.status
    for item in assessment.deadlines:
        if item.state == "missed":
            when, verb = item.due + dt.timedelta(days=1), "missed"
        elif item.state in ("met", "met_late") and item.met_on is not None:
            when, verb = item.met_on, "met late" if item.state == "met_late" else "met"
        else:
            continue
        if when > as_of:
            continue
        name = item.provision_id + (f" ({item.body_id})" if item.body_id else "")
        by = (f" by record #{item.met_by_record_id}" if item.met_by_record_id else
              f" by a report (document {item.met_by_report.get('document_id')})" if item.met_by_report else "")
        entries.append((when, f"tag:charterwatch,2026:{agreement.id}/{name}/due/{item.due}/{item.state}",
                        f"Deadline {verb}: {name}, due {item.due.isoformat()}",
                        _page(base, "/deadlines", agreement, day),
                        f"Due {item.due.isoformat()} ({item.rule}); {verb}{by}"
                        + (f" on {item.met_on.isoformat()}" if item.met_on else "") + "."))
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    feed = _Feed(f"tag:charterwatch,2026:{agreement.id}/changes", f"{agreement.title}: what changed",
                 _page(base, "/", agreement, day), _page(base, "/changes.atom", agreement, day),
                 entries[0][0] if entries else None)
    for when, entry_id, title, link, summary in entries[:FEED_ENTRIES]:
        feed.entry(entry_id, title, link, when, summary)
    return feed.xml()


def evidence_feed(agreement: Agreement, provision_id: str, evidence: list[dict], *, base: str,
                  as_of: dt.date, pinned: bool = False) -> str:
    """One provision's passages dated up to ``as_of``, newest first (undated ones are left out: an
    entry needs a date, and none is invented)."""
    day = as_of if pinned else None
    rows = sorted((e for e in evidence if e.published is not None and e.published <= as_of),
                  key=lambda e: (e.published, e.document_id, e.paragraph_index), reverse=True)
    page = _page(base, f"/provisions/{provision_id}", agreement, day)
    feed = _Feed(f"tag:charterwatch,2026:{agreement.id}/{provision_id}/evidence",
                 f"{agreement.title}: evidence for {provision_id}", page,
                 _page(base, f"/provisions/{provision_id}/evidence.atom", agreement, day),
                 rows[0].published if rows else None)
    for e in rows[:FEED_ENTRIES]:
        feed.entry(f"tag:charterwatch,2026:{agreement.id}/{provision_id}/{e.document_id}/{e.paragraph_index}",
                   f"{e.event_type}: {e.title or e.outlet or 'document ' + str(e.document_id)}",
                   _page(base, f"/documents/{e.document_id}", agreement, day), e.published,
                   f"{e.source or e.outlet or ''}, {e.published.isoformat()}: “{e.quote}”")
    return feed.xml()
