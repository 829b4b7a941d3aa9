"""`pioneer demo`: create or refresh the demo county."""

from __future__ import annotations

import typer

from cli.output import fail
from services.demo import build as demo
from services.errors import ServiceError
from store.org import ROLE_LABELS


def demo_command() -> None:
    """创建（或刷新）演示县区「兖州区（演示）」：成员单位、用户、示例材料和模拟考评。"""
    try:
        result = demo.create_demo()
    except ServiceError as exc:
        fail(str(exc))
    verb = "已创建" if result["created"] else "已刷新（数据保留，密码与阶段日期已更新）"
    typer.echo(f"演示县区「{result['unit']}」{verb}。演示账号（密码只在此显示一次）：")
    for c in result["credentials"]:
        typer.echo(
            f"  {ROLE_LABELS[c['role']]:<8} {c['username']:<12} {c['password']}  {c['name']}"
        )
