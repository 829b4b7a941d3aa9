"""Tamper-evident audit log (issue 10): appending N events to the hash chains, then verifying
every chain from its first event (what `pioneer audit verify` does), on an empty SQLite home.

Appends run as the services write: one event per transaction for the first ``--single`` events,
then in transactions of 100. Writes its section of docs/benchmarks.md with ``--write``.

    .venv/bin/python bench/audit.py [--events 20000] [--single 2000] [--write]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import cpu_model, cpus, write_section  # noqa: E402

SECTION = "## 审计链（bench/audit.py）"
CHAINS = 5  # units whose chains the events are spread over


def run(events: int, single: int) -> dict:
    home = tempfile.mkdtemp(prefix="bench-audit-")
    os.environ["PIONEER_HOME"] = home
    os.environ.pop("PIONEER_DATABASE_URL", None)
    from services import audit
    from services.actor import Actor
    from services.audit.chain import verify_chain
    from services.org import units as org
    from store.db import session_scope

    org.init_database()
    actor = Actor(None, "bench", "基准", "inspector")

    def append(n: int, start: int) -> None:
        with session_scope() as session:
            for k in range(start, start + n):
                audit.record(
                    session,
                    actor,
                    "evidence.review",
                    "evidence",
                    k,
                    before={"status": "pending"},
                    after={"status": "approved", "reason": None},
                    unit_id=1 + k % CHAINS,
                )

    t0 = time.perf_counter()
    for k in range(single):
        append(1, k)
    t_single = time.perf_counter() - t0
    t0 = time.perf_counter()
    for k in range(single, events, 100):
        append(min(100, events - k), k)
    t_batch = time.perf_counter() - t0
    t0 = time.perf_counter()
    with session_scope() as session:
        report = verify_chain(session)
    t_verify = time.perf_counter() - t0
    assert report.ok, report.problems[:3]
    return {
        "events": report.events,
        "single": single,
        "t_single": t_single,
        "batched": events - single,
        "t_batch": t_batch,
        "t_verify": t_verify,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def section(r: dict, load: str, command: str) -> str:
    rate = r["single"] / r["t_single"] if r["t_single"] else 0
    brate = r["batched"] / r["t_batch"] if r["t_batch"] else 0
    return f"""{SECTION}

机器：{cpu_model()}，{cpus()} 核（与其他工程师共用），测量时负载（uptime）{load}。
命令：`{command}`（空的 SQLite 数据库，事件分布在 {CHAINS} 条审计链上）。

| 测量 | 数值 |
|---|---|
| 追加，每个事务 1 条（与服务写入相同） | {r["single"]:,} 条，{r["t_single"]:.2f} 秒，每条 {1000 * r["t_single"] / max(r["single"], 1):.2f} 毫秒（{rate:,.0f} 条/秒） |
| 追加，每个事务 100 条 | {r["batched"]:,} 条，{r["t_batch"]:.2f} 秒（{brate:,.0f} 条/秒） |
| 校验全部审计链（`pioneer audit verify` 的工作） | {r["events"]:,} 条，{r["t_verify"]:.2f} 秒（{r["events"] / r["t_verify"]:,.0f} 条/秒） |
| 进程峰值内存 | {r["peak_mb"]:.0f} MB |

此前没有数字：审计链在问题 10 中新增，这是第一次测量。
"""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--events", type=int, default=20000)
    p.add_argument("--single", type=int, default=2000)
    p.add_argument("--write", action="store_true")
    a = p.parse_args()
    load = os.getloadavg()
    r = run(a.events, min(a.single, a.events))
    load_text = "、".join(f"{x:.1f}" for x in load) + "（1、5、15 分钟）"
    command = f".venv/bin/python bench/audit.py --events {a.events} --single {a.single} --write"
    text = section(r, load_text, command)
    print(text)
    if a.write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
