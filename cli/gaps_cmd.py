"""`pioneer gaps`: the round's open items with who must fix them and by when (整改清单)."""

from __future__ import annotations

import datetime as dt

import typer

from cli.output import fail, print_json
from scoring import fmt
from services.actor import CLI_ACTOR
from services.errors import ServiceError
from services.rounds.overview import completion
from services.rounds.state import UNIT_PAIR, UNIT_REQ, RoundState, load_state


def gaps_payload(state: RoundState) -> dict:
    """The JSON of ``pioneer gaps``: items in rubric order and the count per department."""
    return {
        "round": state.round.id,
        "round_name": state.round.name,
        "today": state.today,
        "total": state.card.total,
        "pending": state.card.pending,
        "lost": state.card.lost,
        "items": [
            {
                "requirement": i.requirement,
                "text": i.text,
                "lost": i.lost,
                "pending": i.pending,
                "gain": i.gain,
                "provisional": i.provisional,
                "due": i.due,
                "overdue": i.overdue,
                "departments": [
                    {
                        "name": o.department,
                        "role": o.role_label,
                        "due": o.due,
                        "status": o.status_label,
                        "overdue_days": o.overdue_days,
                    }
                    for o in i.owners
                ],
            }
            for i in state.gaps
        ],
        "overdue": {
            UNIT_REQ: len(state.overdue_items()),
            UNIT_PAIR: len(state.overdue_pairs()),
        },
        "by_department": [
            {
                "name": r["department"],
                "assigned": r["assigned"],
                "open": r["open"],
                "overdue": r["overdue"],
            }
            for r in completion(state)
        ],
    }


def gaps_command(
    round_id: int = typer.Option(..., "--round", help="轮次编号"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    today: str = typer.Option(None, "--today", help="按哪一天计算逾期（YYYY-MM-DD，默认今天）"),
) -> None:
    """整改清单：失分和待评的要求、责任单位、整改期限和逾期情况。"""
    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        fail(f"日期格式不正确：{today}（应为 YYYY-MM-DD）")
    try:
        state = load_state(CLI_ACTOR, round_id, day)
    except ServiceError as exc:
        fail(str(exc))
    if as_json:
        print_json(gaps_payload(state))
        return
    typer.echo(
        f"{state.unit} · {state.round.name}：确认得分 {fmt(state.card.total)} 分，"
        f"失分 {fmt(state.card.lost)} 分，待评 {fmt(state.card.pending)} 分"
    )
    for i in state.gaps:
        stake = f"失{fmt(i.lost)}分" if i.lost else f"待评{fmt(i.pending)}分"
        typer.echo(f"\n{i.text}（{i.requirement}）{stake}")
        for o in i.owners:
            late = f"，已逾期{o.overdue_days}天" if o.overdue else ""
            due = f"期限 {o.due.isoformat()}" if o.due else "期限未设置"
            typer.echo(f"  {o.department}（{o.role_label}）{due}，材料状态：{o.status_label}{late}")
    typer.echo(
        f"\n共 {len(state.gaps)} {UNIT_REQ}；逾期 {len(state.overdue_items())} {UNIT_REQ}、"
        f"{len(state.overdue_pairs())} {UNIT_PAIR}"
    )
