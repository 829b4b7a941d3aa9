"""Plotly charts of a scorecard: systems as stacked bars and as a radar; the stage timeline."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from scoring import Scorecard
from ui.components.fmt import cn_date

FONT = dict(family="Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif", size=13)
GREEN, RED, GREY = "#2e7d32", "#c62828", "#b0b7c3"


def _bars(names: list[str], series, barmode: str, height: int) -> go.Figure:
    """Horizontal bars per system, names on the left: readable from 390 px to 1400 px wide.

    ``series`` is (label, values, colour). Labels stay level; one too big for its segment is
    hidden rather than turned sideways or shrunk (uniformtext).
    """
    fig = go.Figure()
    for label, values, color in series:
        fig.add_bar(
            name=label,
            y=names,
            x=values,
            orientation="h",
            marker_color=color,
            text=[f"{v:g}" if v else "" for v in values],
            textposition="inside",
            textangle=0,
            insidetextanchor="middle",
            hovertemplate=f"%{{y}}<br>{label} %{{x:g}} 分<extra></extra>",
        )
    fig.update_layout(
        barmode=barmode,
        height=height,
        font=FONT,
        uniformtext=dict(minsize=11, mode="hide"),
        xaxis=dict(title="分", fixedrange=True),
        yaxis=dict(autorange="reversed", fixedrange=True, ticksuffix=" "),
        margin=dict(l=10, r=10, t=10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, traceorder="normal"),
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
    """得分率 per system. The first spoke points up and the percentage scale runs between two
    spokes (at 0°, half-way between the 2nd and 3rd), so no label sits on a system's name."""
    names = [s.name for s in card.systems]
    ratio = [float(s.score / s.max * 100) if s.max else 0 for s in card.systems]
    fig = go.Figure(
        go.Scatterpolar(
            r=ratio + ratio[:1],
            theta=names + names[:1],
            fill="toself",
            name="得分率",
            line_color=GREEN,
            hovertemplate="%{theta}<br>得分率 %{r:.1f}%<extra></extra>",
        )
    )
    fig.update_layout(
        polar=dict(
            radialaxis=dict(
                range=[0, 100],
                tickvals=[50, 100],
                ticksuffix="%",
                angle=0,
                tickangle=0,
                tickfont=dict(size=10, color="#6b7280"),
            ),
            angularaxis=dict(rotation=90, direction="clockwise"),
        ),
        height=340,
        font=FONT,
        margin=dict(l=70, r=70, t=30, b=30),
        showlegend=False,
        dragmode=False,
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
                name=f"{label}（至 {cn_date(end)}）",
                marker_color=colors[n % 4],
                text=label,
                textposition="inside",
                textangle=0,
                insidetextanchor="middle",
                hovertemplate=f"{label}：至 {cn_date(end)}<extra></extra>",
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
        text=f"今天 {cn_date(today)}",
        showarrow=False,
        font=dict(color=RED),
    )
    fig.update_layout(
        barmode="stack",
        height=170,
        font=FONT,
        uniformtext=dict(minsize=11, mode="hide"),
        xaxis=dict(type="date", tickformat="%Y年%-m月", fixedrange=True),
        yaxis=dict(fixedrange=True, showticklabels=False),
        margin=dict(l=10, r=10, t=40, b=10),
        showlegend=False,
    )
    return fig
