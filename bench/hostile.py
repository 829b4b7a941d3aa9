"""Hostile inputs: each refusal's time and peak memory (issue 10: all under 5 s and 300 MB).

Each case runs in a fresh process (its sandbox child included in the peak) against an empty
home in /tmp. Writes the table to docs/benchmarks.md (section 「恶意输入」).

    .venv/bin/python bench/hostile.py
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_common import cpu_model, cpus, write_section  # noqa: E402

from tests.evidence.evidence_builders import DOCX_CONTENT_TYPES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SECONDS, MEGABYTES = 5.0, 300


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"0" * (1 << 20)
            for _ in range(512):  # 512 MB of zeros, written a megabyte at a time
                member.write(block)
    return buf.getvalue()


def _case(name: str) -> None:
    """Run one case in this process; print seconds and peak kB (self and children) as JSON."""
    import resource
    import time

    from evidence.errors import IntakeRefused
    from evidence.intake import inspect_bytes
    from services.actor import SYSTEM_ACTOR
    from services.errors import ServiceError
    from services.evidence import search
    from services.ledgers.reading import read_untrusted
    from services.org import login as login_service
    from services.org import units as org
    from tests.evidence.evidence_builders import docx_package
    from tests.security import hostile_files as hf
    from tests.security.test_files import HOSTILE_PARTS, _png

    org.init_database()
    bomb = _zip_bomb() if name.startswith("压缩炸弹") else b""  # built before the clock starts
    cases = {
        "台账：XFD1048576 一个单元格": lambda: read_untrusted(hf.far_cell_xlsx(), "台账.xlsx"),
        "台账：1,048,575 行 CSV": lambda: read_untrusted(hf.tall_csv(1_048_575), "台账.csv"),
        "压缩炸弹 .docx（512 MB 成员）": lambda: inspect_bytes(bomb, "炸弹.docx"),
        "30000×30000 PNG": lambda: inspect_bytes(_png(30000, 30000), "扫描.png"),
        **{
            f"DTD：{how}": (
                lambda how=how: inspect_bytes(docx_package(HOSTILE_PARTS[how]), "a.docx")
            )
            for how in sorted(HOSTILE_PARTS)
        },
        "检索：1,500 个词": lambda: search.search_evidence(
            SYSTEM_ACTOR, " ".join(f"词{i}" for i in range(1500))
        ),
        "检索：NUL 与孤立代理": lambda: search.search_evidence(SYSTEM_ACTOR, "创业\x00\ud800培训"),
        "检索：10 万字": lambda: search.search_evidence(SYSTEM_ACTOR, "创" * 100_000),
        "登录：10,000 字用户名": lambda: login_service.login("a" * 10_000, "x" * 10_000),
    }
    start = time.perf_counter()
    outcome = "接受"
    try:
        cases[name]()
    except (IntakeRefused, ServiceError) as exc:
        outcome = "拒收：" + str(getattr(exc, "message", exc))[:40]
    took = time.perf_counter() - start
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(json.dumps({"seconds": took, "peak_kb": peak, "outcome": outcome}, ensure_ascii=False))


NAMES = [
    "台账：XFD1048576 一个单元格",
    "台账：1,048,575 行 CSV",
    "压缩炸弹 .docx（512 MB 成员）",
    "30000×30000 PNG",
    "DTD：comment over 4 KB",
    "DTD：marker across a 64 KB chunk",
    "DTD：part not named .xml",
    "DTD：utf-16 big-endian part",
    "DTD：utf-16 part",
    "检索：1,500 个词",
    "检索：NUL 与孤立代理",
    "检索：10 万字",
    "登录：10,000 字用户名",
]


def main() -> None:
    rows = []
    for name in NAMES:
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "PIONEER_HOME": home}
            env.pop("PIONEER_DATABASE_URL", None)
            out = subprocess.run(
                [sys.executable, __file__, "--case", name],
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                check=False,
            )
        line = (out.stdout.strip().splitlines() or ["{}"])[-1]
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            r = {"seconds": float("nan"), "peak_kb": 0, "outcome": "出错：" + out.stderr[-80:]}
        mb = r["peak_kb"] / 1024
        ok = r["seconds"] < SECONDS and mb < MEGABYTES
        rows.append(
            f"| {name} | {r['seconds']:.2f} | {mb:.0f} | {r['outcome']} | {'是' if ok else '否'} |"
        )
        print(rows[-1], flush=True)
    heading = "## 恶意输入（bench/hostile.py）"
    body = "\n".join(
        [
            heading,
            "",
            f"机器：{cpu_model()}，{cpus()} 核（与其他工程师共用）；命令：`.venv/bin/python bench/hostile.py`",
            "（每项在新进程中运行，空的 SQLite 数据库；峰值内存含沙箱子进程；目标：5 秒、300 MB 以内）。",
            "此前（问题报告时）：XFD1048576 的台账使服务器进程申请 549,755,813,888 字节内存后中止；"
            "1,048,575 行台账导入用时 100 秒、内存 3.0 GB；30000×30000 PNG 被报为已损坏；"
            "NUL、1,000 个以上的词和孤立代理字符的检索报错。",
            "",
            "| 输入 | 用时（秒） | 峰值内存（MB） | 结果 | 达标 |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
    write_section(heading, body)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        _case(sys.argv[2])
    else:
        main()
