"""Charts for the documents: matplotlib (Agg, no pyplot state) with a CJK font; PNG bytes.

The CJK font is looked up once: a Noto Sans CJK face known to matplotlib's font manager, else
a file ``fc-list :lang=zh-cn`` names. Without one the charts are still drawn (with a
warning): the Chinese labels then show as boxes, but nothing crashes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
import warnings
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from scoring.engine import GroupScore, fmt  # noqa: E402

DPI = 150
PREFERRED = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Serif CJK SC")
COLOR_SCORE = "#2f5597"
COLOR_PENDING = "#bfbfbf"
COLOR_LOST = "#c00000"
COLOR_LINE = "#2f5597"
# rc_context changes matplotlib's global rcParams: one chart at a time (the app is threaded).
_LOCK = threading.Lock()


def _fc_match() -> str | None:
    """A font file fontconfig lists as covering Chinese, registered with matplotlib."""
    if not shutil.which("fc-list"):
        return None
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "file"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(
        (line.strip().rstrip(":") for line in out.splitlines() if line.strip()),
        key=lambda f: ("Sans" not in f, "Regular" not in f, f),
    )
    for path in files:
        try:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def pick_cjk(names: Iterable[str]) -> str | None:
    """The preferred Chinese-capable family among ``names``, or None."""
    available = set(names)
    for name in PREFERRED:
        if name in available:
            return name
    for name in sorted(available):
        if "CJK" in name and ("SC" in name or "JP" in name):
            return name
    return None


def _known_families() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Name of a font family with Chinese glyphs, or None (after one warning)."""
    found = pick_cjk(_known_families()) or _fc_match()
    if found is None:
        warnings.warn(
            "未找到中文字体（如 Noto Sans CJK），图表中的中文可能无法显示",
            RuntimeWarning,
            stacklevel=2,
        )
    return found


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _rc() -> dict:
    family = [cjk_font()] if cjk_font() else []
    return {
        "font.family": [*family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "font.size": 9,
    }


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def systems_chart(systems: Sequence[GroupScore], title: str | None = None) -> bytes:
    """Horizontal stacked bars per system: 得分, 待评, 失分, labelled "得分/满分".

    The three parts differ in pattern as well as colour (solid, dotted, hatched), so that the
    chart reads the same printed in black and white; no title (the caption names the chart).
    """
    with _LOCK, matplotlib.rc_context(_rc()):
        fig = _figure(6.4, 0.45 * len(systems) + 1.3)
        ax = fig.add_subplot()
        labels = [s.name + ("（加分）" if s.bonus else "") for s in systems][::-1]
        rows = list(systems)[::-1]
        ys = range(len(rows))
        score = [float(s.score) for s in rows]
        pending = [float(s.pending) for s in rows]
        lost = [float(max(s.lost, Decimal(0))) for s in rows]
        edge = {"edgecolor": "black", "linewidth": 0.6, "height": 0.6}
        ax.barh(ys, score, color=COLOR_SCORE, label="得分", **edge)
        ax.barh(ys, pending, left=score, color="white", hatch="...", label="待评", **edge)
        left = [a + b for a, b in zip(score, pending, strict=True)]
        ax.barh(ys, lost, left=left, color="white", hatch="////", label="失分", **edge)
        top = max([float(s.max) for s in rows] + [1.0])
        for y, s in zip(ys, rows, strict=True):
            text = f"{fmt(s.score)}/{fmt(s.max)}"
            if s.lost > 0:
                text += f"  失{fmt(s.lost)}"
            if s.pending > 0:
                text += f"  待评{fmt(s.pending)}"
            ax.text(float(s.max) + top * 0.01, y, text, va="center", fontsize=8)
        ax.set_yticks(list(ys), labels)
        ax.set_xlim(0, top * 1.45)
        step = 5 if top > 10 else 1
        ax.set_xticks(range(0, int(top) + 1, step))
        ax.set_xlabel("分")
        if title:
            ax.set_title(title, fontsize=11)
        ax.legend(loc="lower right", fontsize=8, frameon=False, ncols=3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _png(fig)


def trend_chart(
    trend: Sequence[tuple[str, Decimal]],
    max_score: Decimal | None = None,
    pass_line: Decimal | None = None,
    title: str | None = None,
) -> bytes:
    """Line chart of the total across rounds, each point labelled with its exact score."""
    with _LOCK, matplotlib.rc_context(_rc()):
        fig = _figure(6.4, 3.0)
        ax = fig.add_subplot()
        xs = list(range(len(trend)))
        ys = [float(v) for _, v in trend]
        ax.plot(xs, ys, marker="o", color="black", linewidth=1.8)
        for x, (_, v) in zip(xs, trend, strict=True):
            ax.annotate(
                fmt(v), (x, float(v)), textcoords="offset points", xytext=(0, 7), ha="center"
            )
        if pass_line is not None:
            ax.axhline(float(pass_line), color=COLOR_LOST, linestyle="--", linewidth=1)
            ax.text(
                -0.45,
                float(pass_line),
                f"合格线 {fmt(pass_line)}",
                color=COLOR_LOST,
                va="bottom",
                ha="left",
                fontsize=8,
            )
        ax.set_xlim(-0.5, len(xs) - 0.5)
        ax.set_xticks(xs, [label for label, _ in trend])
        low = min(ys, default=0.0)
        high = float(max_score) if max_score is not None else max(ys, default=100.0)
        ax.set_ylim(max(0.0, low - 10), high + 5)
        ax.set_ylabel("总分")
        if title:
            ax.set_title(title, fontsize=11)
        ax.grid(axis="y", alpha=0.3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _png(fig)
