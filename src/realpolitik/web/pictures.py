"""Pictures drawn on the server as SVG: an entity's neighbourhood and a class's place in the hierarchy.

Drawn here rather than in the browser so that they need no script, work in the static
site, print, and can be tested as text. The layouts are deliberately simple: a star for a
neighbourhood (the entity in the middle, its neighbours on a circle, asserted edges solid,
inferred ones dashed) and layered rows for a hierarchy (super-classes above, sub-classes
below).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Edge:
    """A labelled edge to or from the centre of a neighbourhood."""

    neighbour: str
    href: str | None
    labels: tuple[str, ...]
    outgoing: bool | None
    """True from the centre, False to it, None both ways."""
    inferred: bool


def _clip(text: str, length: int = 26) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def neighbourhood(centre: str, edges: Sequence[Edge], *, width: int = 900, height: int = 600) -> Markup:
    """The entity ``centre`` with its ``edges`` as a star: one node per neighbour, the edge's
    property labels on it, arrows showing the direction; asserted solid, inferred dashed."""
    cx, cy = width / 2, height / 2
    radius_x, radius_y = width / 2 - 95, height / 2 - 40
    parts = [
        f'<svg class="neighbourhood" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="Neighbourhood of {escape(centre)}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
    ]
    count = max(len(edges), 1)
    nodes = []
    for index, edge in enumerate(edges):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        x, y = cx + radius_x * math.cos(angle), cy + radius_y * math.sin(angle)
        klass = "edge inferred" if edge.inferred else "edge asserted"
        # Stop the line short of both boxes so that the arrowhead shows.
        dx, dy = x - cx, y - cy
        length = math.hypot(dx, dy) or 1
        start = (cx + dx / length * 40, cy + dy / length * 22)
        end = (x - dx / length * 40, y - dy / length * 22)
        if edge.outgoing is False:
            start, end = end, start
        markers = 'marker-start="url(#arrow)" marker-end="url(#arrow)"' if edge.outgoing is None else 'marker-end="url(#arrow)"'
        parts.append(f'<line class="{klass}" x1="{start[0]:.1f}" y1="{start[1]:.1f}" x2="{end[0]:.1f}" y2="{end[1]:.1f}" {markers}/>')
        # The label sits nearer the neighbour than the centre, where the edges fan out.
        mx, my = cx + (x - cx) * 0.62, cy + (y - cy) * 0.62
        label = escape(_clip(", ".join(edge.labels), 30))
        parts.append(f'<text class="edge-label {"inferred" if edge.inferred else "asserted"}" x="{mx:.1f}" y="{my - 4:.1f}" text-anchor="middle">{label}</text>')
        nodes.append((x, y, edge))
    for x, y, edge in nodes:
        text = escape(_clip(edge.neighbour, 22))
        box = f'<rect class="node" x="{x - 78:.1f}" y="{y - 14:.1f}" width="156" height="28" rx="6"/><text class="node-label" x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{text}</text>'
        if edge.href:
            box = f'<a href="{escape(edge.href)}"><title>{escape(edge.neighbour)}</title>{box}</a>'
        parts.append(box)
    parts.append(
        f'<rect class="node centre" x="{cx - 90:.1f}" y="{cy - 18:.1f}" width="180" height="36" rx="8"/>'
        f'<text class="node-label centre" x="{cx:.1f}" y="{cy + 6:.1f}" text-anchor="middle">{escape(_clip(centre, 28))}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def hierarchy(rows: Sequence[Sequence[tuple[str, str | None, bool]]], *, width: int = 760) -> Markup:
    """Layered boxes, top row first: each row a list of (label, href, is the current term);
    every box is joined to every box of the row below (super-class to sub-class)."""
    row_height = 70
    height = row_height * len(rows) + 10
    parts = [f'<svg class="hierarchy" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="Class hierarchy">']
    positions: list[list[tuple[float, float]]] = []
    for level, row in enumerate(rows):
        top = 25.0 + level * row_height
        step = width / (len(row) + 1)
        positions.append([(step * (i + 1), top) for i in range(len(row))])
    for level in range(len(rows) - 1):
        for x1, y1 in positions[level]:
            for x2, y2 in positions[level + 1]:
                parts.append(f'<line class="edge asserted" x1="{x1:.1f}" y1="{y1 + 14:.1f}" x2="{x2:.1f}" y2="{y2 - 14:.1f}"/>')
    for level, row in enumerate(rows):
        box_width: float = min(170.0, width / (len(row) + 1) - 8)
        for (label, href, current), (x, y) in zip(row, positions[level], strict=True):
            klass = "node centre" if current else "node"
            limit = max(6, int(box_width / 7.5))
            box = (f'<rect class="{klass}" x="{x - box_width / 2:.1f}" y="{y - 14:.1f}" width="{box_width:.1f}" height="28" rx="6"/>'
                   f'<text class="node-label{" centre" if current else ""}" x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle">{escape(_clip(label, limit))}</text>')
            if href and not current:
                box = f'<a href="{escape(href)}"><title>{escape(label)}</title>{box}</a>'
            parts.append(box)
    parts.append("</svg>")
    return Markup("".join(parts))
