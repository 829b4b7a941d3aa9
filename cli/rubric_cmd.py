"""`pioneer rubric check|show|diff` and `pioneer score`."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.output import fail, print_json
from scoring import FindingsError, fmt
from scoring.report import scorecard_dict
from services import rubrics as svc
from services.rubrics.describe import rule_summary

rubric_app = typer.Typer(help="评分细则：校验与查看", no_args_is_help=True)

CN_NUM = "一二三四五六七八九十"


@rubric_app.command("check")
def check(path: Path = typer.Argument(..., metavar="细则文件", help="评分细则 YAML 文件")) -> None:
    """校验一个评分细则文件；有错误时逐条列出（含行号与编号），退出码 2。"""
    try:
        r = svc.check_rubric_path(path)
    except svc.RubricError as exc:
        fail(f"评分细则校验未通过（{len(exc.problems)} 处问题）：\n{exc}")
    typer.echo(
        f"校验通过：{r.title}（{r.id}）{len(r.systems)} 个体系、{len(r.indicators())} 项指标、"
        f"{len(r.requirements())} 条要求，总分 {fmt(r.max_score)} 分"
    )
    review = r.to_review()
    if review:
        typer.echo(f"这是草稿：{len(review)} 条规则待人工复核，复核后才能用于考评")


@rubric_app.command("import")
def import_command(
    path: Path = typer.Argument(..., metavar="细则表格", help="Word（.docx）或 Excel（.xlsx）"),
    rubric_id: str = typer.Option(..., "--id", help="新细则的编号，如 jining-2024"),
    out: Path = typer.Option(..., "--out", help="草稿 YAML 的保存路径"),
    title: str = typer.Option("", "--title", help="细则名称"),
) -> None:
    """从评分细则表格导入草稿：识别各列和评分条款，无法确定的标记为待复核。"""
    from services.errors import InvalidInput
    from services.rubrics.tables import import_table

    try:
        data = path.read_bytes()
    except OSError:
        fail(f"无法读取文件：{path}")
    try:
        text, report = import_table(data, path.name, rubric_id, title)
    except InvalidInput as exc:
        fail(str(exc))
    out.write_text(text, encoding="utf-8")
    lines = [f"已写入草稿：{out}", report.summary()]
    lines += [f"  {r['rule']}  {r['reason']}：{r['text']}" for r in report.review]
    lines += [f"注意：{p}" for p in report.problems]
    lines.append(f"请复核后运行：pioneer rubric check {out}")
    typer.echo("\n".join(lines))


@rubric_app.command("show")
def show(
    rubric_id: str = typer.Argument(svc.DEFAULT_RUBRIC, metavar="[ID]", help="细则编号或文件路径"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """显示评分细则的体系、指标、要求、分值、责任部门；* 为推定值。"""
    try:
        r = svc.get_rubric(rubric_id)
    except svc.RubricError as exc:
        fail(str(exc))
    if as_json:
        print_json(r.model_dump(mode="python"))
        return
    issued = "  ".join(x for x in (r.issuer, r.date.isoformat() if r.date else "") if x)
    bonus = f"，加分项上限 {fmt(r.bonus_max)} 分" if r.bonus_max else ""
    lines = [
        f"{r.title}（{r.id}，版本 {r.version}）",
        (f"发布：{issued}    " if issued else "") + f"来源：{r.source}",
        f"{len(r.systems)} 个体系，{len(r.indicators())} 项指标，{len(r.requirements())} 条要求，"
        f"总分 {fmt(r.total)} 分{bonus}",
        "",
    ]
    for n, s in enumerate(r.systems):
        label = s.no or (CN_NUM[n] if n < len(CN_NUM) else str(n + 1))
        tag = "（加分项）" if s.bonus else ""
        points = f"{fmt(s.points)} 分" + (f"（上限 {fmt(s.cap)} 分）" if s.cap is not None else "")
        todo = "  待补充细则" if s.status == "missing" else ""
        lines.append(f"{label}、{s.name}{tag}  {points}{todo}")
        for i in s.indicators:
            star = "*" if i.inferred.points else ""
            if i.id != s.id:  # a flat category has no indicator line of its own
                lines.append(f"  {i.no or i.id} {i.name}  {fmt(i.points)}{star} 分")
            for q in i.requirements:
                lines += _requirement_lines(q)
    notes = r.notes or []
    starred = any(n.startswith("*") for n in notes)
    if not starred and any(_has_star(q) for q in r.requirements()):
        notes = [*notes, "* 为推定值：原表未写明，本系统按评分办法推定。"]
    if notes:
        lines += ["", *notes]
    typer.echo("\n".join(lines))


@rubric_app.command("diff")
def diff(
    before: str = typer.Argument(..., metavar="原版本", help="细则编号或文件路径"),
    after: str = typer.Argument(..., metavar="新版本", help="细则编号或文件路径"),
) -> None:
    """比较两个版本的评分细则：新增、删除、修改的要求和条款（分值、类型、条款、上限）。"""
    from services.rubrics.diff import diff_rubrics

    try:
        d = diff_rubrics(svc.get_rubric(before), svc.get_rubric(after))
    except svc.RubricError as exc:
        fail(str(exc))
    lines = [f"「{d.before}」→「{d.after}」", d.summary()]
    lines += [f"  {c.field}：{c.before} → {c.after}" for c in d.header]
    for s in d.sections:
        lines.append(f"【{s.status_word}】{s.level} {s.name}（{s.section_id}）")
        lines += [f"    {c.field}：{c.before} → {c.after}" for c in s.changes]
    for q in d.requirements:
        lines.append(f"【{q.status_word}】{q.name}（{q.label}，{q.indicator}）")
        lines += [f"    {c.field}：{c.before} → {c.after}" for c in q.changes]
        for r in q.rules:
            lines.append(f"    条款{r.status_word}：{r.text}（{r.rule_id}）")
            lines += [f"        {c.field}：{c.before} → {c.after}" for c in r.changes]
    typer.echo("\n".join(lines))


def _has_star(q) -> bool:
    levels = (lv for rule in q.rules for lv in getattr(rule, "levels", []))
    return q.inferred.any() or any(lv.inferred for lv in levels)


def _requirement_lines(q) -> list[str]:
    w = fmt(q.weight) + ("*" if q.inferred.weight else "")
    base = ""
    if q.base is not None and q.base != q.weight:
        base = f"，起始 {fmt(q.base)}{'*' if q.inferred.base else ''} 分"
    out = [f"    {q.label} [{w} 分{base}] {q.requirement}"]
    if q.status == "missing":
        return [*out, "          待补充细则"]
    depts = "、".join(q.departments) or "未分配（在「设置 → 责任分工」中分配）"
    out.append(f"          责任部门：{depts}")
    out += [f"          {rule.id} {rule_summary(rule)}：{rule.text}" for rule in q.rules]
    return out


def score_command(
    findings: Path = typer.Option(..., "--findings", help="评分结果文件（YAML 或 JSON）"),
    rubric: str = typer.Option(
        None, "--rubric", help="细则编号或文件路径（默认取文件中的 rubric）"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（规范第 7 节格式）"),
) -> None:
    """按评分结果文件计算得分，列出失分与待评项。"""
    try:
        card = svc.score_findings_file(findings, rubric)
    except FindingsError as exc:
        fail(f"评分结果文件有误（{len(exc.problems)} 处），未计分：\n{exc}")
    except svc.RubricError as exc:
        fail(str(exc))
    if as_json:
        print_json(scorecard_dict(card))
        return
    lines = [
        f"总分 {fmt(card.total)} / {fmt(card.max)} 分，待评 {fmt(card.pending)} 分，"
        f"已失分 {fmt(card.lost)} 分",
    ]
    if card.bonus_max:
        cut = f"，超出上限 {fmt(card.bonus_cut)} 分不计" if card.bonus_cut else ""
        lines.append(f"其中加分 {fmt(card.bonus)} 分（上限 {fmt(card.bonus_max)} 分{cut}）")
    lines += ["", "各体系："]
    for s in card.systems:
        lines.append(
            f"  {s.id} {s.name}  {fmt(s.score)} / {fmt(s.max)}"
            + (f"（待评 {fmt(s.pending)}）" if s.pending else "")
            + (f"（{s.cap_text}）" if s.cap_text else "")
        )
    lines += ["", f"失分与待评项（{len(card.gaps)} 条，按失分从大到小）："]
    for g in card.gaps:
        what = f"失 {fmt(g.lost)} 分" if g.lost else f"待评 {fmt(g.pending)} 分"
        rules = f"  规则 {'、'.join(g.rules)}" if g.rules else ""
        lines.append(f"  {g.requirement}  {what}  责任部门：{'、'.join(g.departments)}{rules}")
    typer.echo("\n".join(lines))
