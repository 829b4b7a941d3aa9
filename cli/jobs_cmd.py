"""`pioneer worker` and `pioneer jobs`: run and watch the background work."""

from __future__ import annotations

import typer

from cli.output import fail, print_json
from services.actor import CLI_ACTOR
from services.jobs import local
from services.jobs.queue import list_jobs
from store.job_tables import JOB_STATUSES
from store.settings import load_settings

jobs_app = typer.Typer(help="后台任务：查看与运行", no_args_is_help=True)


def worker_command(
    concurrency: int = typer.Option(
        1, "--concurrency", help="本进程同时执行的任务数（OCR 建议 1，多开进程）"
    ),
    name: str = typer.Option("worker", "--name", help="工作进程名称（显示在后台任务页）"),
    no_daily: bool = typer.Option(False, "--no-daily", help="不安排每日任务（夜间校验、提醒）"),
) -> None:
    """运行后台任务工作进程（PostgreSQL 上可在任意多台机器上各运行若干个；Ctrl+C 停止）。"""
    if load_settings().is_sqlite:
        typer.echo("SQLite：在本进程中执行后台任务（Ctrl+C 停止）")
        runner = local.Runner(schedule=not no_daily, label=name)
        try:
            runner.loop()
        except KeyboardInterrupt:
            typer.echo("已停止")
        return
    from services.jobs import pg

    typer.echo(f"PostgreSQL：工作进程「{name}」开始从任务队列取任务（Ctrl+C 停止）")
    try:
        pg.run_worker(concurrency=concurrency, name=name, daily=not no_daily)
    except RuntimeError as exc:
        fail(str(exc), 1)


def wait_for_job(job_id: int) -> dict:
    """Run a job this command queued: here on SQLite, by the workers on PostgreSQL (waiting,
    with its progress, until it has finished)."""
    import time

    from services.jobs import execute
    from services.jobs.queue import backoff_seconds, get_job

    if load_settings().is_sqlite:
        while get_job(job_id)["status"] in execute.RUNNABLE:
            execute.run(job_id, execute.worker_name("cli"))
            job = get_job(job_id)
            if job["status"] == "retrying":
                time.sleep(backoff_seconds(job["attempts"]))
        return get_job(job_id)
    typer.echo(f"已提交后台任务 {job_id}，等待工作进程（pioneer worker）执行……", err=True)
    shown = ""
    while (job := get_job(job_id))["status"] not in ("succeeded", "failed"):
        if job["message"] and job["message"] != shown:
            shown = job["message"]
            typer.echo(f"  {shown}", err=True)
        time.sleep(1)
    return job


@jobs_app.command("list")
def list_command(
    status: str = typer.Option(None, "--status", help="按状态筛选：" + "、".join(JOB_STATUSES)),
    limit: int = typer.Option(50, "--limit", help="最多显示条数"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出最近的后台任务：状态、进度、尝试次数、失败原因。"""
    if status and status not in JOB_STATUSES:
        fail(f"状态不存在：{status}（可选：{'、'.join(JOB_STATUSES)}）")
    rows = list_jobs(CLI_ACTOR, status=status, limit=limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("没有后台任务")
        return
    for r in rows:
        progress = f" {r['done']}/{r['total']}" if r["total"] else ""
        typer.echo(
            f"[{r['id']}] {r['title']} · {r['status_label']}{progress}"
            f" · 第 {r['attempts']}/{r['max_attempts']} 次"
        )
        if r["message"]:
            typer.echo(f"    {r['message']}")
        if r["error"] and r["status"] != "succeeded":
            typer.echo(f"    原因：{r['error']}")


@jobs_app.command("run")
def run_command() -> None:
    """在本进程中执行所有到期的后台任务后退出（SQLite）。"""
    if not load_settings().is_sqlite:
        fail("PostgreSQL 上由 pioneer worker 执行后台任务")
    n = local.run_due()
    typer.echo(f"已执行 {n} 个任务")
