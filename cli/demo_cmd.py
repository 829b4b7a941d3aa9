"""`pioneer demo [--city]`: create or refresh the demo county (or a demo city of counties)."""

from __future__ import annotations

import typer

from cli.output import fail
from services.demo import build as demo
from services.errors import ServiceError
from store.org import ROLE_LABELS
from store.settings import load_settings


def _accounts(creds: list[dict]) -> None:
    for c in creds:
        typer.echo(
            f"  {ROLE_LABELS[c['role']]:<8} {c['username']:<12} {c['password']}  {c['name']}"
        )


def demo_command(
    city: bool = typer.Option(
        False, "--city", help="同时创建演示城市「济宁市（演示）」：5 个县区处于不同创建阶段"
    ),
) -> None:
    """创建（或刷新）演示县区「兖州区（演示）」：成员单位、用户、示例材料和模拟考评。"""
    if not load_settings().demo:
        fail(
            "pioneer demo 只用于演示环境：请先设置环境变量 PIONEER_DEMO=1 再运行（正式部署请勿设置）"
        )
    try:
        if city:
            from services.demo.city import create_city_demo

            made = create_city_demo()
            result = made["county"]
        else:
            result = demo.create_demo()
    except ServiceError as exc:
        fail(str(exc))
    verb = "已创建" if result["created"] else "已刷新（数据保留，密码与阶段日期已更新）"
    typer.echo(f"演示县区「{result['unit']}」{verb}。演示账号（密码只在此显示一次）：")
    _accounts(result["credentials"])
    if city:
        typer.echo(f"演示城市「{made['city']}」：{'、'.join(made['counties'])}。城市与县区账号：")
        _accounts(made["credentials"])
