"""`pioneer precheck`: run the rubric's checks over the round's documents (自查预评)."""

from __future__ import annotations

import time

import typer

from cli.output import fail, print_json
from scoring import fmt
from services import precheck
from services.actor import CLI_ACTOR
from services.errors import ServiceError


def precheck_command(
    round_id: int = typer.Option(..., "--round", help="轮次编号"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """自查预评：按评分细则中的检查条件读取已上传材料，提出各条规则的建议值和理由。"""
    started = time.perf_counter()
    try:
        precheck.run_precheck(CLI_ACTOR, round_id)
        rows = precheck.proposals(CLI_ACTOR, round_id)
        view = precheck.self_check(CLI_ACTOR, round_id)
    except ServiceError as exc:
        fail(str(exc))
    took = round((time.perf_counter() - started) * 1000)
    if as_json:
        print_json(
            {
                "round": round_id,
                "score": view.total,
                "max": view.max,
                "pending": view.pending,
                "took_ms": took,
                "proposals": rows,
                "requirements": [
                    {
                        "requirement": r.id,
                        "evidence": r.evidence_label,
                        "documents": r.documents,
                        "score": r.score,
                        "max": r.max,
                        "gaps": [
                            {"rule": g.rule, "clause": g.clause, "reason": g.reason, "fix": g.fix}
                            for g in r.gaps
                        ],
                    }
                    for r in view.rows
                ],
            }
        )
        return
    typer.echo(f"{view.summary}（{len(rows)} 条规则有建议值，用时 {took} 毫秒）")
    typer.echo(f"待考核组评定 {fmt(view.pending)} 分（没有检查条件的要求）")
    for r in view.rows:
        for g in r.gaps:
            typer.echo(f"- {r.name[:30]}（{g.rule}）：{g.reason}；整改：{g.fix}")
