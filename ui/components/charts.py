"""Plotly charts of a scorecard: systems as stacked bars and as a radar; the stage timeline."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from scoring import Scorecard

FONT = dict(family="Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif", size=13)
GREEN, RED, GREY = "#2e7d32", "#c62828", "#b0b7c3"


def _bars(names: list[str], series, barmode: str, height: int) -> go.Figure:
    """Bars per system: ``series`` is (label, values, colour)."""
    fig = go.Figure()
    for label, values, color in series:
        fig.add_bar(
            name=label,
            x=names,
            y=values,
            marker_color=color,
            text=[f"{v:g}" if v else "" for v in values],
            textposition="inside",
        )
    fig.update_layout(
        barmode=barmode,
        height=height,
        font=FONT,
        yaxis_title="分",
        margin=dict(l=10, r=10, t=30, b=10),
        legend_orientation="h",
    )
    return fig


def systems_bar(card: Scorecard) -> go.Figure:
    return _bars(
        [s.name for s in card.systems],
        (
            ("得分", [float(s.score) for s in card.systems], GREEN),
            ("失分", [float(s.lost) for s in card.systems], RED),
            ("待评", [float(s.pending) for s in card.systems], GREY),
        ),
        "stack",
        340,
    )


def compare_bar(systems: list[dict], a: str, b: str) -> go.Figure:
    """Two rounds side by side per system (rows of services.rounds.views.compare_rounds)."""
    return _bars(
        [s["name"] for s in systems],
        (
            (a, [float(s["a"]) for s in systems], "#90caf9"),
            (b, [float(s["b"]) for s in systems], "#1e88e5"),
        ),
        "group",
        360,
    )


def systems_radar(card: Scorecard) -> go.Figure:
    names = [s.name for s in card.systems]
    ratio = [float(s.score / s.max * 100) if s.max else 0 for s in card.systems]
    fig = go.Figure(
        go.Scatterpolar(
            r=ratio + ratio[:1],
            theta=names + names[:1],
            fill="toself",
            name="得分率",
            line_color=GREEN,
        )
    )
    fig.update_layout(
        polar=dict(radialaxis=dict(range=[0, 100], ticksuffix="%")),
        height=340,
        font=FONT,
        margin=dict(l=90, r=90, t=30, b=30),
        showlegend=False,
    )
    return fig


def stage_timeline(
    stages: list[tuple[str, dt.date | None]], start: dt.date | None, today: dt.date
) -> go.Figure | None:
    known = [(label, end) for label, end in stages if end]
    if not known:
        return None
    fig = go.Figure()
    begin = start or (known[0][1] - dt.timedelta(days=30))
    colors = ["#90caf9", "#64b5f6", "#42a5f5", "#1e88e5"]
    for n, (label, end) in enumerate(known):
        fig.add_trace(
            go.Bar(
                y=["创建阶段"],
                x=[(end - begin).days * 86400000],
                base=[begin.isoformat()],
                orientation="h",
                name=f"{label}（至 {end:%m月%d日}）",
                marker_color=colors[n % 4],
                text=label,
                textposition="inside",
                insidetextanchor="middle",
            )
        )
        begin = end
    fig.add_vline(
        x=dt.datetime.combine(today, dt.time()).timestamp() * 1000, line_dash="dash", line_color=RED
    )
    fig.add_annotation(
        x=today.isoformat(),
        y=1.15,
        yref="paper",
        text=f"今天 {today:%Y-%m-%d}",
        showarrow=False,
        font=dict(color=RED),
    )
    fig.update_layout(
        barmode="stack",
        height=170,
        font=FONT,
        xaxis_type="date",
        margin=dict(l=10, r=10, t=40, b=10),
        showlegend=False,
    )
    return fig
