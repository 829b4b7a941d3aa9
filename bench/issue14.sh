#!/usr/bin/env bash
# Every performance goal of issue 14 measured in one run, one bench after the other (each alone
# on the machine): ranked search on SQLite (30,000 pages) and PostgreSQL (300,000 pages, one
# unit and the province), the province's rescore, 全省总览 and one county's 总览 (bench/scale.py),
# OCR throughput with 2 workers and 总览 while OCR runs, and the reminders of 2,000 units
# (bench/jobs.py). Outputs go to $LOG (default /tmp/issue14), one file per bench.
#
#   bench/issue14.sh            # PostgreSQL at postgresql://root@127.0.0.1:5432 (databases
#                               # test_search, bench_scale, bench_jobs; made when missing)
#   REUSE=1 bench/issue14.sh    # measure the data sets an earlier run made (no generation)
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PIONEER_BENCH_PG:-postgresql://root@127.0.0.1:5432}
LOG=${LOG:-/tmp/issue14}
mkdir -p "$LOG"
py=.venv/bin/python
for db in test_search bench_scale bench_jobs; do
  "$py" - "$PG" "$db" <<'PY'
import sys
import psycopg
with psycopg.connect(f"{sys.argv[1]}/postgres", autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (sys.argv[2],)).fetchone():
        conn.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
done
stamp() { echo "== $1 $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$LOG/run.txt"; }
reuse=${REUSE:+--reuse}
stamp search-sqlite
"$py" bench/search.py --engine sqlite --pages 30000 --db "$LOG/search30k.db" --runs 5 \
  > "$LOG/search-sqlite.txt"
stamp search-postgresql
"$py" bench/search.py --engine postgresql --pages 300000 --runs 3 --url "$PG/test_search" \
  $reuse --skip before,exact > "$LOG/search-postgresql.txt"
stamp scale
PIONEER_DATABASE_URL="$PG/bench_scale" "$py" bench/scale.py $reuse --repeat 3 --no-docs \
  > "$LOG/scale.txt"
stamp jobs
PIONEER_BENCH_DATABASE_URL="$PG/bench_jobs" "$py" bench/jobs.py --pages 24 --units 2000 \
  --skip settings > "$LOG/jobs.txt"
stamp end
