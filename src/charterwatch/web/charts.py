"""Charts as inline SVG, drawn on the server: no script, no build step, readable in a PDF.

Pure functions: data in, an escaped SVG string (``markupsafe.Markup``) out. Every label passes
through ``escape`` because reasons and names can come from untrusted text.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

LEVELS = ("no evidence", "announced", "in progress", "delivered")
STATUS_COLOURS = {"no_evidence": "#9aa0a6", "announced": "#4a7bd0", "in_progress": "#d9a400", "delivered": "#2e8b57",
                  "stalled": "#c0392b"}
DUE_COLOURS = {"met": "#2e8b57", "met_late": "#d9822b", "missed": "#c0392b", "due_soon": "#d9a400", "open": "#4a7bd0",
               "upcoming": "#9aa0a6"}


def _x(day: dt.date, start: dt.date, end: dt.date, left: float, width: float) -> float:
    span = max((end - start).days, 1)
    return left + width * (day - start).days / span


def status_timeline(history: list[dict], start: dt.date, as_of: dt.date, *, title: str) -> Markup:
    """A step chart of one provision's status (PAM ordinal 0–3) from ``start`` to ``as_of``.

    :param history: changes, oldest first: ``status``, ``ordinal``, ``since``, ``reason``
    """
    width, height, left, top, plot_w, plot_h = 640, 170, 96, 14, 520, 112
    start = min([start] + [c["since"] for c in history])
    end = max(as_of, start + dt.timedelta(days=1))

    def y(ordinal: int) -> float:
        return top + plot_h - plot_h * ordinal / 3

    parts = [f'<div class="chartbox"><svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'style="min-width:{width}px" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for ordinal, label in enumerate(LEVELS):
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(ordinal):.1f}" y2="{y(ordinal):.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y(ordinal) + 4:.1f}" text-anchor="end" class="axis">{label}</text>')
    for day, anchor in ((start, "start"), (end, "end")):
        parts.append(f'<text x="{_x(day, start, end, left, plot_w):.1f}" y="{height - 18}" text-anchor="{anchor}" '
                     f'class="axis">{day.isoformat()}</text>')
    level, segment_start, colour = 0, start, STATUS_COLOURS["no_evidence"]
    points = [(c["since"], c["ordinal"], STATUS_COLOURS.get(c["status"], "#555"), c) for c in history]
    for since, ordinal, next_colour, _ in points + [(end, None, None, None)]:
        x1, x2 = _x(segment_start, start, end, left, plot_w), _x(min(since, end), start, end, left, plot_w)
        parts.append(f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
                     f'stroke="{colour}" class="step"/>')
        if ordinal is not None:
            parts.append(f'<line x1="{x2:.1f}" x2="{x2:.1f}" y1="{y(level):.1f}" y2="{y(ordinal):.1f}" '
                         f'stroke="{next_colour}" class="rise"/>')
            level, segment_start, colour = ordinal, since, next_colour
    for since, ordinal, point_colour, change in points:
        label = f"{since.isoformat()}: {change['status'].replace('_', ' ')}. {change['reason']}"
        parts.append(f'<circle cx="{_x(since, start, end, left, plot_w):.1f}" cy="{y(ordinal):.1f}" r="5" '
                     f'fill="{point_colour}" class="point"><title>{escape(label)}</title></circle>')
    parts.append(f'<text x="{left + plot_w}" y="{height - 4}" text-anchor="end" class="axis">as of {as_of.isoformat()}</text>')
    parts.append("</svg></div>")
    return Markup("".join(parts))


def deadline_timeline(rows: list[tuple[str, list[dict]]], as_of: dt.date) -> Markup:
    """One lane per working group (or the agreement as a whole), a marker per due item, a line at ``as_of``.

    :param rows: (lane label, items) with ``due``, ``state``, ``window_start`` and a ``label``
    """
    items = [i for _, lane in rows for i in lane]
    if not items:
        return Markup("")
    start = min([i["window_start"] for i in items] + [as_of]) - dt.timedelta(days=7)
    end = max([i["due"] for i in items] + [i["met_on"] for i in items if i.get("met_on")] + [as_of]) + dt.timedelta(days=14)
    # room for the longest lane label (about 6.3 px a character at 11 px)
    lane_h, plot_w, top = 34, 560, 10
    left = int(min(380, max(120, 16 + 6.3 * max(len(lane) for lane, _ in rows))))
    height = top + lane_h * len(rows) + 34
    parts = [f'<div class="chartbox"><svg class="chart" role="img" viewBox="0 0 {left + plot_w + 20} {height}" '
             f'width="100%" style="min-width:{left + plot_w + 20}px" aria-label="Deadlines per working group">'
             f'<title>Deadlines per working group</title>']
    for index, (lane, lane_items) in enumerate(rows):
        y = top + lane_h * index + lane_h / 2
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" class="axis">{escape(lane)}</text>'
                     f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        for item in lane_items:
            x0 = _x(item["window_start"], start, end, left, plot_w)
            x1 = _x(item["due"], start, end, left, plot_w)
            colour = DUE_COLOURS.get(item["state"], "#555")
            label = f"{item['label']}: due {item['due'].isoformat()}, {item['state'].replace('_', ' ')}"
            parts.append(f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" class="window"/>')
            if item["state"] == "met_late" and item.get("met_on"):
                # late: a hollow mark at the due date, the overrun dashed, the marker on the day it was met
                late = (item["met_on"] - item["due"]).days
                x2 = _x(item["met_on"], start, end, left, plot_w)
                label += f" on {item['met_on'].isoformat()}, {late} days late"
                parts.append(f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" '
                             f'class="overrun" stroke-dasharray="4 3"/>'
                             f'<circle cx="{x1:.1f}" cy="{y:.1f}" r="5" fill="none" stroke="{colour}" class="missed-due"/>'
                             f'<circle cx="{x2:.1f}" cy="{y:.1f}" r="6" fill="{colour}" class="due met-late" '
                             f'data-met-on="{item["met_on"].isoformat()}"><title>{escape(label)}</title></circle>')
            else:
                parts.append(f'<circle cx="{x1:.1f}" cy="{y:.1f}" r="6" fill="{colour}" class="due">'
                             f'<title>{escape(label)}</title></circle>')
    x_today = _x(as_of, start, end, left, plot_w)
    bottom = top + lane_h * len(rows)
    parts.append(f'<line x1="{x_today:.1f}" x2="{x_today:.1f}" y1="{top}" y2="{bottom}" class="today"/>'
                 f'<text x="{x_today:.1f}" y="{bottom + 14}" text-anchor="middle" class="axis">as of {as_of.isoformat()}</text>'
                 f'<text x="{left}" y="{bottom + 28}" class="axis">{start.isoformat()}</text>'
                 f'<text x="{left + plot_w}" y="{bottom + 28}" text-anchor="end" class="axis">{end.isoformat()}</text>')
    parts.append("</svg></div>")
    return Markup("".join(parts))


def share_bar(counts: dict[str, int], total: int) -> Markup:
    """A stacked bar of the counted provisions at each status (the barometer view; the headline's
    denominator, so the bar and the figure beside it agree)."""
    parts = ['<div class="sharebar" role="img" aria-label="Share of provisions by status">']
    for status in ("delivered", "in_progress", "announced", "stalled", "no_evidence"):
        share = counts.get(status, 0) / total if total else 0
        if share:
            parts.append(f'<span class="seg" style="width:{share * 100:.2f}%;background:{STATUS_COLOURS[status]}" '
                         f'title="{status.replace("_", " ")}: {counts[status]} of {total}"></span>')
    parts.append("</div>")
    return Markup("".join(parts))
