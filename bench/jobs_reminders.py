"""bench/jobs.py, measure 3: the day's reminders for N units through the outbox to a local
webhook receiver (another process)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jobs_setup import UNIT, county, fresh_database

RECEIVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"errcode":0,"errmsg":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
print(s.server_address[1], flush=True)
s.serve_forever()
"""


def many_units(n: int, url_of_receiver: str) -> int:
    """``n`` units copied from one seeded county: departments, 责任分工, a current round, and a
    webhook target for every member department. Bulk inserts; returns the targets made."""
    from sqlalchemy import insert, select

    from store.db import session_scope
    from store.job_tables import ReminderTarget
    from store.org import Assignment, Department, Unit
    from store.rounds import Round

    with session_scope() as session:
        unit = session.exec(select(Unit)).scalars().one()
        depts = (
            session.exec(select(Department).where(Department.unit_id == unit.id)).scalars().all()
        )
        assigns = (
            session.exec(select(Assignment).where(Assignment.unit_id == unit.id)).scalars().all()
        )
        rnd = session.exec(select(Round).where(Round.unit_id == unit.id)).scalars().one()
        made = 0
        for i in range(1, n):
            u = Unit(name=f"{UNIT}{i:04d}", level=unit.level)
            session.add(u)
            session.flush()
            new_depts = {}
            for d in depts:
                nd = Department(unit_id=u.id, name=d.name, kind=d.kind)
                session.add(nd)
                new_depts[d.id] = nd
            session.flush()
            session.execute(
                insert(Assignment),
                [
                    {
                        "unit_id": u.id,
                        "rubric_id": a.rubric_id,
                        "requirement_id": a.requirement_id,
                        "department_id": new_depts[a.department_id].id,
                        "role": a.role,
                    }
                    for a in assigns
                ],
            )
            r = Round(
                **{k: v for k, v in rnd.model_dump().items() if k not in ("id", "unit_id", "name")},
                unit_id=u.id,
                name="第一次",
            )
            session.add(r)
            session.flush()
            u.current_round_id = r.id
            session.add(u)
            targets = [
                {
                    "department_id": nd.id,
                    "channel": "wecom",
                    "address": url_of_receiver,
                    "active": True,
                    "created_by": "基准",
                    "created_at": r.created_at,
                }
                for nd in new_depts.values()
                if nd.kind == "member"
            ]
            session.execute(insert(ReminderTarget), targets)
            made += len(targets)
        return made


def reminders(url: str, units: int) -> dict:
    import datetime as dt

    from services.jobs import execute
    from services.jobs.queue import get_job, submit

    home = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    fresh_database(url, home)
    county()
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER], stdout=subprocess.PIPE, text=True)
    try:
        port = int(receiver.stdout.readline())
        t0 = time.perf_counter()
        made = many_units(units, f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=bench")
        setup = time.perf_counter() - t0
        job = submit("reminders", {"day": (dt.date.today() + dt.timedelta(days=5)).isoformat()})
        t0, c0 = time.perf_counter(), time.process_time()
        out = execute.run(job.id, "bench")
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        row = get_job(job.id)
    finally:
        receiver.terminate()
        receiver.wait(10)
    shutil.rmtree(home, ignore_errors=True)
    assert out.status == "succeeded", row["error"]
    return {
        "units": units,
        "targets": made,
        "setup": setup,
        "seconds": seconds,
        "cpu": cpu,  # this process's (all threads'); not the receiver's or the database's
        "load": os.getloadavg()[0],
        "message": row["message"],
    }
