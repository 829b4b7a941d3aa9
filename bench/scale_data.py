"""bench/scale.py: a generated province on PostgreSQL, written by COPY (drops the schema!)."""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal

TODAY = dt.date(2020, 9, 1)
STAGE_KEYS = ("prepare_until", "build_until", "selfcheck_until", "assess_until")
EXTRA_DEPTS = ("区市场监管局", "区税务局", "区科技局", "区商务局", "区农业农村局")


def _copy(conn, table: str, columns: tuple[str, ...], rows) -> int:
    """COPY rows into a table (PostgreSQL); returns how many."""
    n = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
        for r in rows:
            cp.write_row(r)
            n += 1
    return n


def _store(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def generate(n_units: int, n_depts: int, n_evidence: int, seed: int = 1) -> dict:
    """Drop and rebuild the schema, then fill it. Returns the ids the measurements use."""
    from sqlalchemy import text

    from rubric import load_rubric
    from services.demo.synthetic import requirement_values
    from services.org.auth import hash_password
    from services.org.responsibility import department_kind, named_departments, seed_plan
    from store.base import utcnow
    from store.db import get_engine
    from store.migrate import upgrade

    engine = get_engine()
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    upgrade(engine=engine)
    rubric = load_rubric("yanzhou-2020")
    rng = random.Random(seed)
    now = utcnow()
    names = named_departments(rubric)
    names += [d for d in EXTRA_DEPTS if d not in names][: max(0, n_depts - len(names))]
    names = names[:n_depts] if len(names) > n_depts else names
    members = [d for d in names if department_kind(d) == "member"]
    plan = seed_plan(rubric, members)
    cities = 16
    units = [(1, "山东省（测试）", "省", None)]
    units += [(1 + i, f"第{i}市", "市", 1) for i in range(1, cities + 1)]
    counties = list(range(cities + 2, n_units + 1))
    units += [(u, f"第{u}县", "县区", 2 + (u % cities)) for u in counties]
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        _copy(
            conn,
            "unit",
            ("id", "name", "level", "parent_id", "current_round_id", "created_at"),
            ((u, name, lv, p, u if lv == "县区" else None, now) for u, name, lv, p in units),
        )
        dept_ids: dict[tuple[int, str], int] = {}
        rows = []
        for u in counties:
            for d in names:
                dept_ids[(u, d)] = len(dept_ids) + 1
                rows.append((dept_ids[(u, d)], u, d, department_kind(d), True, now))
        _copy(conn, "department", ("id", "unit_id", "name", "kind", "active", "created_at"), rows)
        _copy(
            conn,
            "assignment",
            ("unit_id", "rubric_id", "requirement_id", "department_id", "role"),
            (
                (u, rubric.id, req, dept_ids[(u, d)], role)
                for u in counties
                for req, pairs in plan.items()
                for d, role in pairs
                if (u, d) in dept_ids
            ),
        )
        pw = hash_password("bench-password-1")
        _copy(
            conn,
            "app_user",
            ("id", "username", "display_name", "role", "unit_id", "password_hash", "active",
             "failed_attempts", "created_at"),
            [
                (1, "province", "省创建办", "office", 1, pw, True, 0, now),
                (2, "county", "县创建办", "office", counties[0], pw, True, 0, now),
                (3, "inspector", "考核员", "inspector", None, pw, True, 0, now),
            ],
        )  # fmt: skip
        stage_rows, find_rows, check_rows, dl_rows = [], [], [], []
        for u in counties:
            k = rng.randrange(4)
            stages = {
                key: TODAY + dt.timedelta(days=30 + 60 * (i - k))
                for i, key in enumerate(STAGE_KEYS)
            }
            stage_rows.append(
                (u, "2020年创建工作自评", u, rubric.id, "自评",
                 stages["prepare_until"] - dt.timedelta(days=90),
                 *[stages[s] for s in STAGE_KEYS], "active", now)
            )  # fmt: skip
            share, quality = 0.25 + 0.25 * k, rng.uniform(0.4, 0.95)
            for req in rubric.requirements():
                if rng.random() >= share:
                    continue
                for rule_id, v in requirement_values(req, rng, quality).items():
                    find_rows.append(
                        (u, 3, False, req.id, rule_id, json.dumps(_store(v)), "inspector", now)
                    )
                check_rows.append((u, 3, False, req.id, "reviewed", "[]", now))
            if k >= 2:
                for req_id in ("1.1.1", "2.2.3", "4.4.1"):
                    dl_rows.append(
                        (u, req_id, TODAY - dt.timedelta(days=rng.randint(3, 30)), "bench", now)
                    )
        _copy(
            conn,
            "assessment_round",
            ("id", "name", "unit_id", "rubric_id", "kind", "starts_on", *STAGE_KEYS, "status",
             "created_at"),
            stage_rows,
        )  # fmt: skip
        _copy(
            conn,
            "finding",
            ("round_id", "inspector_id", "agreed", "requirement_id", "rule_id", "value", "source",
             "updated_at"),
            find_rows,
        )  # fmt: skip
        _copy(
            conn,
            "requirementcheck",
            (
                "round_id",
                "inspector_id",
                "agreed",
                "requirement_id",
                "status",
                "cited",
                "updated_at",
            ),
            check_rows,
        )
        _copy(
            conn, "deadline", ("round_id", "requirement_id", "due_on", "set_by", "set_at"), dl_rows
        )
        reqs = [q.id for q in rubric.requirements()]
        statuses = ("approved", "approved", "pending", "returned")
        ev_rows, link_rows, eid = [], [], 0
        for u in counties:
            for _ in range(n_evidence):
                eid += 1
                d = rng.choice(names)
                ev_rows.append(
                    (
                        eid,
                        u,
                        dept_ids[(u, d)],
                        f"材料{eid}",
                        None,
                        TODAY,
                        rng.choice(statuses),
                        1,
                        now,
                        now,
                    )
                )
                link_rows.append((eid, rubric.id, rng.choice(reqs)))
        _copy(
            conn,
            "evidence",
            ("id", "unit_id", "department_id", "title", "doc_number", "doc_date", "status",
             "created_by", "created_at", "updated_at"),
            ev_rows,
        )  # fmt: skip
        _copy(conn, "evidencelink", ("evidence_id", "rubric_id", "requirement_id"), link_rows)
        t_rows, r_rows, tid = [], [], 0
        for u in counties:
            pace = rng.uniform(0.5, 1.2)
            for name, target in (("创业培训", 500), ("扶持创业", 3000), ("带动就业", 9000)):
                tid += 1
                t_rows.append((tid, u, name, "人", str(target), dt.date(2020, 1, 1), dt.date(2020, 12, 31),
                               dept_ids[(u, members[0])], "bench", now))  # fmt: skip
                for m in range(1, TODAY.month):
                    r_rows.append(
                        (tid, dt.date(2020, m, 1), str(round(target / 12 * pace)), "bench", now)
                    )
        _copy(
            conn,
            "work_target",
            ("id", "unit_id", "name", "measure", "target_value", "period_start", "period_end",
             "department_id", "created_by", "created_at"),
            t_rows,
        )  # fmt: skip
        _copy(
            conn,
            "target_report",
            ("target_id", "month", "value", "reported_by", "reported_at"),
            r_rows,
        )
        with conn.cursor() as cur:
            for table in (
                "unit",
                "department",
                "app_user",
                "assessment_round",
                "evidence",
                "work_target",
            ):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
            cur.execute("ANALYZE")
        conn.commit()
    finally:
        raw.close()
    return {
        "units": len(units),
        "counties": len(counties),
        "departments": len(dept_ids),
        "findings": len(find_rows),
        "evidence": len(ev_rows),
    }
